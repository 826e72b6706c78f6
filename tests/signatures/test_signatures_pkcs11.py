"""The PKCS#11 signer against SoftHSM (Debian package softhsm2; Python package python-pkcs11)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from egov.signatures import conf, services
from egov.signatures.pdfgen import sample_pdf
from signatures.factories import official_certificate

SOFTHSM_LIB = next(
    (
        p
        for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
        if Path(p).exists()
    ),
    None,
)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (SOFTHSM_LIB and shutil.which("softhsm2-util")), reason="SoftHSM (Debian package softhsm2) is not installed"
    ),
]


def softhsm_token(folder: Path, monkeypatch, key_pem: bytes) -> None:
    (folder / "tokens").mkdir()
    (folder / "softhsm2.conf").write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(folder / "softhsm2.conf"))
    (folder / "key.pem").write_bytes(key_pem)
    util = ["softhsm2-util"]
    subprocess.run(
        [*util, "--init-token", "--free", "--label", "egov", "--pin", "1234", "--so-pin", "5678"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *util,
            "--import",
            str(folder / "key.pem"),
            "--token",
            "egov",
            "--label",
            "sigkey",
            "--id",
            "01",
            "--pin",
            "1234",
        ],
        check=True,
        capture_output=True,
    )


def test_pkcs11_signer_signs_with_a_key_held_by_softhsm(tmp_path, monkeypatch, settings):
    pytest.importorskip("pkcs11", reason="python-pkcs11 is not installed")
    certificate = official_certificate()
    key, _cert, _extra = pkcs12.load_key_and_certificates(bytes(certificate.pkcs12), conf.pkcs12_passphrase())
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    softhsm_token(tmp_path, monkeypatch, key_pem)
    settings.SIGNATURES_PKCS11_LIB = SOFTHSM_LIB
    settings.SIGNATURES_PKCS11_TOKEN_LABEL = "egov"
    settings.SIGNATURES_PKCS11_PIN = "1234"
    certificate.pkcs12, certificate.pkcs11_key_label = None, "sigkey"
    certificate.save()

    signed = services.sign_pdf(sample_pdf(), certificate=certificate, reason="Ký bằng thiết bị")

    [report] = services.verify_pdf(signed)
    assert report.valid and report.trusted and report.certificate_fingerprint == certificate.fingerprint
