"""RFC 3161 timestamps from the TSA configured in settings (a loopback TSA built on pyHanko's DummyTimeStamper)."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper

from egov.signatures import ca, services
from egov.signatures.pdfgen import sample_pdf
from signatures.factories import official_certificate

pytestmark = pytest.mark.django_db


def tsa_stamper() -> DummyTimeStamper:
    authority = ca.load_or_create_ca()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "egov test TSA")]))
        .issuer_name(authority.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(authority.key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(der_key),
    )


@pytest.fixture
def tsa_url():
    stamper = tsa_stamper()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_signature_carries_a_timestamp_when_a_tsa_is_configured(settings, tsa_url):
    settings.SIGNATURES_TSA_URL = tsa_url

    signed = services.sign_pdf(sample_pdf(), certificate=official_certificate(), reason="Ký")

    [report] = services.verify_pdf(signed)
    assert report.valid and report.timestamped


def test_no_timestamp_without_a_tsa(settings):
    settings.SIGNATURES_TSA_URL = ""
    [report] = services.verify_pdf(services.sign_pdf(sample_pdf(), certificate=official_certificate(), reason="Ký"))
    assert not report.timestamped
