"""An independent verifier (poppler's pdfsig, NSS) accepts our signatures with the demo CA as trust root."""

import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from egov.signatures import ca, services
from egov.signatures.pdfgen import sample_pdf
from signatures.factories import agency_certificate, official_certificate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (shutil.which("pdfsig") and shutil.which("certutil")),
        reason="pdfsig (poppler-utils) and certutil (libnss3-tools) are not installed",
    ),
]


def nss_db_trusting_demo_ca(folder) -> str:
    pem = ca.load_or_create_ca().cert.public_bytes(serialization.Encoding.PEM)
    (folder / "demo-ca.pem").write_bytes(pem)
    db = f"sql:{folder}"
    subprocess.run(["certutil", "-N", "-d", db, "--empty-password"], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-d", db, "-n", "egov-demo-ca", "-t", "CT,C,C", "-i", str(folder / "demo-ca.pem")],
        check=True,
        capture_output=True,
    )
    return db


def test_pdfsig_lists_person_and_organisation_signatures_as_valid_and_trusted(tmp_path):
    person, organisation = official_certificate(), agency_certificate()
    once = services.sign_pdf(
        sample_pdf(),
        certificate=person,
        reason="Ký ban hành",
        appearance=services.Appearance("signature", title="Giám đốc", name=person.official.full_name),
    )
    twice = services.sign_pdf(
        once,
        certificate=organisation,
        reason="Ký số cơ quan",
        appearance=services.Appearance("seal", name="Sở Tư pháp"),
    )
    (tmp_path / "signed.pdf").write_bytes(twice)
    nss = tmp_path / "nss"
    nss.mkdir()

    out = subprocess.run(
        ["pdfsig", "-nssdir", nss_db_trusting_demo_ca(nss), str(tmp_path / "signed.pdf")],
        capture_output=True,
        text=True,
    ).stdout

    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert out.count("Certificate Validation: Certificate is Trusted.") == 2, out
    assert "Signature Type: ETSI.CAdES.detached" in out
