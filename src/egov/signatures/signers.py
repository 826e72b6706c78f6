"""Where the private key lives: the ``Signer`` protocol and its implementations.

- :class:`SoftwareSigner`: a PKCS#12 blob or file (development, demo, small agencies).
- :class:`Pkcs11Signer`: a USB token or an HSM through a PKCS#11 library (settings ``SIGNATURES_PKCS11_*``);
  needs ``python-pkcs11``. Not exercised by the test suite (see docs/signatures.md).
- :class:`RemoteSigner`: signing on the user's token or phone through a client; the protocols of the
  Vietnamese remote-signing services are not public, so it is a stub.
"""

from pathlib import Path
from typing import Protocol

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from . import conf
from .models import Certificate


class Signer(Protocol):
    """Something that can produce a pyHanko signer (the object that computes the CMS signature)."""

    def pyhanko_signer(self) -> signers.Signer: ...


def load_pem_certs(text: str) -> list[asn1_x509.Certificate]:
    data = text.encode()
    if not data.strip():
        return []
    return [asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, multiple=True)]


class SoftwareSigner:
    def __init__(self, pkcs12_bytes: bytes, passphrase: bytes | None, chain_pem: str = ""):
        self.pkcs12_bytes = pkcs12_bytes
        self.passphrase = passphrase
        self.chain = load_pem_certs(chain_pem)

    def pyhanko_signer(self) -> signers.Signer:
        return signers.SimpleSigner.load_pkcs12_data(self.pkcs12_bytes, self.chain, passphrase=self.passphrase)


class Pkcs11Signer:
    """A key on a PKCS#11 token, opened per signature with the library, token label and PIN from settings.

    The certificate and chain come from the record (``certificate_pem``/``chain_pem``) when given, so the
    token only has to hold the key (labelled ``key_label``); otherwise the certificate with that label is read.
    """

    def __init__(self, key_label: str, *, certificate_pem: str = "", chain_pem: str = "", config: dict | None = None):
        self.key_label = key_label
        self.certificate = (load_pem_certs(certificate_pem) or [None])[0]
        self.chain = load_pem_certs(chain_pem)
        self.config = config or conf.pkcs11_config()

    def pyhanko_signer(self) -> signers.Signer:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11  # needs python-pkcs11, an optional dependency

        if not self.config.get("lib"):
            raise RuntimeError(_("Chưa cấu hình thư viện PKCS#11 (EGOV_SIGNATURES_PKCS11_LIB)."))
        session = pkcs11.open_pkcs11_session(
            self.config["lib"],
            token_criteria=TokenCriteria(label=self.config.get("token_label") or None),
            user_pin=self.config.get("pin"),
        )
        return pkcs11.PKCS11Signer(
            session,
            key_label=self.key_label,
            cert_label=None if self.certificate else self.key_label,
            signing_cert=self.certificate,
            ca_chain=self.chain,
        )


class RemoteSigner:
    """Remote signing (token or phone app through a vendor client): NOT IMPLEMENTED.

    The intended flow: send the document digest to the signing service, wait for the user to approve on
    their device, receive the CMS signature and embed it (pyHanko's interrupted signing,
    ``PdfSigner.digest_doc_for_signing`` / ``finish_signing``). The vendors' protocols are not public.
    """

    def pyhanko_signer(self) -> signers.Signer:
        raise NotImplementedError(_("Ký số từ xa chưa được hỗ trợ."))


def signer_for(certificate: Certificate) -> Signer:
    """The signer matching where ``certificate``'s key is kept."""
    if certificate.pkcs11_key_label:
        return Pkcs11Signer(
            certificate.pkcs11_key_label, certificate_pem=certificate.certificate_pem, chain_pem=certificate.chain_pem
        )
    if certificate.pkcs12:
        blob = bytes(certificate.pkcs12)
        return SoftwareSigner(blob, conf.pkcs12_passphrase_for(blob), certificate.chain_pem)
    if certificate.pkcs12_path:
        blob = Path(certificate.pkcs12_path).read_bytes()
        return SoftwareSigner(blob, conf.pkcs12_passphrase_for(blob), certificate.chain_pem)
    raise RuntimeError(_("Chứng thư số không có khóa bí mật để ký."))
