"""The demo certification authority (cryptography): a root CA whose key lives under VAR_DIR, never in the repo.

Only for development and the demo: real signatures use certificates from the Government CA (Ban Cơ yếu Chính
phủ) or a public CA, imported into :class:`~egov.signatures.models.Certificate`.
"""

import datetime as dt
import os
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from . import conf

CA_NAME = "egov Demo CA — Tỉnh An Khánh (KHÔNG DÙNG THẬT)"
KEY_SIZE = 2048


@dataclass(frozen=True)
class IssuedKey:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _name(common_name: str, organisation: str = "", title: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.LOCALITY_NAME, "An Khánh")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


def _create_ca() -> IssuedKey:
    key = _new_key()
    name = _name(CA_NAME, "egov demo")
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return IssuedKey(key, cert)


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def load_or_create_ca() -> IssuedKey:
    """The demo CA, created on first use under ``VAR_DIR/signatures/demo-ca`` (key file mode 0600)."""
    folder = conf.demo_ca_dir()
    key_file, cert_file = folder / "ca.key.pem", folder / "ca.pem"
    if key_file.exists() and cert_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        return IssuedKey(key, x509.load_pem_x509_certificate(cert_file.read_bytes()))
    issued = _create_ca()
    folder.mkdir(parents=True, exist_ok=True)
    key_pem = issued.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key_pem)
    cert_file.write_bytes(issued.cert.public_bytes(serialization.Encoding.PEM))
    return issued


def demo_ca_cert() -> x509.Certificate | None:
    """The demo CA certificate when it exists (a trust root for verification), without creating it."""
    path = conf.demo_ca_dir() / "ca.pem"
    return x509.load_pem_x509_certificate(path.read_bytes()) if path.exists() else None


def issue(
    ca: IssuedKey, *, common_name: str, organisation: str, title: str, not_before: dt.datetime, not_after: dt.datetime
) -> IssuedKey:
    """A signing certificate (digitalSignature + nonRepudiation) for a person or an organisation."""
    key = _new_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation, title))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return IssuedKey(key, cert)


def to_pkcs12(issued: IssuedKey, ca_cert: x509.Certificate, passphrase: bytes, friendly_name: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode(),
        issued.key,
        issued.cert,
        [ca_cert],
        serialization.BestAvailableEncryption(passphrase),
    )
