"""The key-encryption key (KEK) of stored private keys: independent of SECRET_KEY, legacy blobs still open,
``egov keys rotate`` re-encrypts everything (issue 14.13)."""

import hashlib
from io import StringIO

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from egov.signatures import keys, services
from egov.signatures.models import Certificate
from egov.signatures.pdfgen import sample_pdf
from signatures.factories import agency_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_keys_dir(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path  # the demo CA is created in here too
    monkeypatch.delenv("EGOV_KEK", raising=False)
    monkeypatch.delenv("EGOV_KEK_PREVIOUS", raising=False)
    monkeypatch.delenv("EGOV_KEK_NEW", raising=False)
    settings.SIGNATURES_PKCS12_PASSPHRASE = ""


def _signs(certificate) -> bool:
    signed = services.sign_pdf(sample_pdf(1), certificate=certificate, reason="Thử")
    return services.verify_pdf(signed)[0].intact


def _legacy_blob(certificate, secret_key: str) -> bytes:
    """Re-encrypt as the code before the KEK did: a passphrase derived from SECRET_KEY."""
    opened = keys.open_blob(bytes(certificate.pkcs12))
    passphrase = hashlib.sha256(b"egov.signatures.pkcs12:" + secret_key.encode()).hexdigest().encode()
    return keys.seal(opened.key, opened.cert, opened.extra, b"legacy", passphrase)


def test_the_kek_is_generated_once_in_var_keys_and_does_not_depend_on_the_secret_key(settings, tmp_path):
    certificate = agency_certificate()
    kek_file = tmp_path / "keys" / "kek"
    assert kek_file.exists() and oct(kek_file.stat().st_mode & 0o777) == "0o600"
    settings.SECRET_KEY = "a completely different secret key, changed after the certificate was issued"
    assert _signs(certificate)
    assert keys.open_blob(bytes(certificate.pkcs12)).kind == "current"


def test_legacy_blobs_still_sign_and_rotate_moves_them_to_a_new_kek(settings, tmp_path):
    certificate = agency_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(pkcs12=_legacy_blob(certificate, settings.SECRET_KEY))
    certificate.refresh_from_db()
    assert keys.status() == {"current": 0, "previous": 0, "legacy": 1, "unreadable": 0}
    assert _signs(certificate)  # the demo data of an older version keeps working

    old_kek = (tmp_path / "keys" / "kek").read_text()
    out = StringIO()
    call_command("keys", "rotate", stdout=out)
    assert "Đã mã hóa lại 1 khóa bí mật" in out.getvalue()
    assert (tmp_path / "keys" / "kek").read_text() != old_kek
    assert (tmp_path / "keys" / "kek.previous").read_text().strip() == old_kek
    assert not (tmp_path / "keys" / "kek.new").exists()
    certificate.refresh_from_db()
    assert keys.status() == {"current": 1, "previous": 0, "legacy": 0, "unreadable": 0}
    settings.SECRET_KEY = "changed"
    assert _signs(certificate)


def test_a_blob_under_an_unknown_key_is_reported(settings):
    certificate = agency_certificate()
    opened = keys.open_blob(bytes(certificate.pkcs12))
    foreign = keys.seal(opened.key, opened.cert, opened.extra, b"x", b"some other passphrase")
    Certificate.objects.filter(pk=certificate.pk).update(pkcs12=foreign)
    with pytest.raises(keys.KeyUnavailable):
        keys.open_blob(foreign)
    with pytest.raises(CommandError):
        call_command("keys", "status", stdout=StringIO())
    certificate.refresh_from_db()
    with pytest.raises(ValidationError, match="egov keys status"):  # a message for the signer, not a 500
        services.sign_pdf(sample_pdf(1), certificate=certificate, reason="Thử")


def test_kek_from_the_environment_rotates_to_egov_kek_new(monkeypatch):
    monkeypatch.setenv("EGOV_KEK", "o" * 40)
    certificate = agency_certificate()
    with pytest.raises(CommandError, match="EGOV_KEK_NEW"):
        call_command("keys", "rotate", stdout=StringIO())
    monkeypatch.setenv("EGOV_KEK_NEW", "n" * 40)
    call_command("keys", "rotate", stdout=StringIO())
    certificate.refresh_from_db()
    blob = bytes(certificate.pkcs12)
    pkcs12.load_key_and_certificates(blob, keys.passphrase_for("n" * 40))  # opens with the new key
    monkeypatch.setenv("EGOV_KEK", "n" * 40)
    monkeypatch.setenv("EGOV_KEK_PREVIOUS", "o" * 40)
    assert keys.open_blob(blob).kind == "current" and _signs(certificate)
