"""Signing at issue: the signer's signature and the issuing agency's seal on the final PDF, carried by the copies."""

import pytest

from egov.documents.models import IncomingDocument
from egov.signatures import services as signatures

from .test_outgoing import _issued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_ca_in_tmp(settings, tmp_path_factory):
    settings.VAR_DIR = tmp_path_factory.getbasetemp() / "documents-signing-var"


def test_issue_signs_the_final_file_and_the_copies_carry_it(world):
    a = world.a
    signatures.issue_certificate(official=a.leader.official)
    signatures.issue_certificate(agency=a.agency)

    doc = _issued(world)

    assert doc.signed_at == doc.issued_at
    [signed] = doc.attachments.all()
    assert signed != doc.current_version.attachment and signed.content_type == "application/pdf"
    with signed.file.open("rb") as stream:
        reports = signatures.verify_pdf(stream.read())
    assert [r.signer for r in reports] == [a.leader.official.full_name, a.agency.name]
    assert all(r.valid for r in reports)
    copies = IncomingDocument.objects.filter(origin=doc)
    assert copies.count() == 2
    assert all(list(c.attachments.all()) == [signed] for c in copies)
    assert "Chưa ký số" not in doc.trail.get(action="issue").note


def test_without_a_certificate_the_document_is_issued_unsigned_and_the_trail_says_why(world):
    doc = _issued(world)
    assert doc.signed_at is None
    [issued] = doc.attachments.all()  # stamped with its number, named after its notation, not signed
    assert issued != doc.current_version.attachment and issued.original_name == "01-QĐ-STP.pdf"
    with issued.file.open("rb") as stream:
        assert signatures.verify_pdf(stream.read()) == []
    assert "chứng thư số" in doc.trail.get(action="issue").note
