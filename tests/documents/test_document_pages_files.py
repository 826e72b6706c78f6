"""Issue 13 item 1: every document page lists its files (main file first, PDFs with their signature status),
shows the main PDF inside the page and always offers a download link; an issued document shows its signed file."""

import pytest

from egov.documents import services
from egov.documents.models import IncomingDocument
from egov.signatures import services as signatures

from .factories import pdf_attachment
from .test_outgoing import _issued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_ca_in_tmp(settings, tmp_path_factory):
    settings.VAR_DIR = tmp_path_factory.getbasetemp() / "documents-files-var"


def _page(client, user, document):
    direction = "incoming" if isinstance(document, IncomingDocument) else "outgoing"
    client.force_login(user)
    response = client.get(f"/van-ban/{'den' if direction == 'incoming' else 'di'}/{document.pk}/")
    assert response.status_code == 200
    return response


def _assert_listed_and_shown(response, main, *others):
    page = response.content.decode()
    files = response.context["files"]
    assert [f.attachment for f in files] == [main, *others]
    assert files[0].main and not any(f.main for f in files[1:])
    assert f'href="{main.get_absolute_url()}" download' in page  # always a download link
    assert f'<iframe src="{main.get_view_url()}"' in page  # the PDF inside the page
    for other in others:
        assert f'href="{other.get_absolute_url()}" download' in page
    return files


def test_registered_incoming_document_lists_its_files_and_shows_the_main_pdf(world, client):
    a = world.a
    main = pdf_attachment("Quyết định số 15", agency=a.agency, user=a.clerk)
    annex = pdf_attachment("Phụ lục", agency=a.agency, user=a.clerk)
    doc = services.register_incoming(world.incoming_data(), clerk=a.clerk, attachments=[main, annex])
    files = _assert_listed_and_shown(_page(client, a.clerk, doc), main, annex)
    assert files[0].signature.state == "unsigned"
    assert "Chưa ký số" in files[0].signature.label


def test_document_received_by_edxml_lists_its_files(world, client):
    from egov.documents.services.external import receive_external

    b = world.b
    main = pdf_attachment("Văn bản liên thông", agency=b.agency)
    doc = receive_external(b.agency, world.incoming_data(), attachments=[main])
    _assert_listed_and_shown(_page(client, b.clerk, doc), main)


def test_issued_document_shows_the_signed_file_first_with_its_signature_status(world, client):
    a = world.a
    signatures.issue_certificate(official=a.leader.official)
    signatures.issue_certificate(agency=a.agency)
    doc = _issued(world)
    [signed] = doc.attachments.all()
    draft = doc.current_version.attachment
    assert signed != draft

    files = _assert_listed_and_shown(_page(client, a.leader, doc), signed, draft)
    assert files[0].signature.state == "valid"
    assert a.leader.official.full_name in files[0].signature.label and a.agency.name in files[0].signature.label
    assert files[1].signature.state == "unsigned"
    assert "Đã ký số, chữ ký hợp lệ" in _page(client, a.leader, doc).content.decode()

    # the recipient's copy (arrived on the platform) carries the same signed file
    copy = IncomingDocument.objects.get(origin=doc, agency=world.b.agency)
    copy_files = _assert_listed_and_shown(_page(client, world.b.clerk, copy), signed)
    assert copy_files[0].signature.state == "valid"


def test_issued_unsigned_document_shows_its_issued_file_then_the_draft(world, client):
    doc = _issued(world)  # no certificate: issued unsigned (but stamped with its number)
    [issued] = doc.attachments.all()
    files = _assert_listed_and_shown(_page(client, world.a.leader, doc), issued, doc.current_version.attachment)
    assert [f.role for f in files] == ["Văn bản ban hành", "Dự thảo phiên bản 1"]
    assert files[0].signature.state == "unsigned"


def test_a_draft_lists_its_versions_newest_first(world, client):
    from .test_outgoing import draft

    a = world.a
    doc = draft(world)
    first = doc.current_version.attachment
    second = pdf_attachment("Dự thảo lần 2", agency=a.agency, user=a.spec1)
    doc = services.add_version(doc, actor=a.spec1, attachment=second)
    files = _assert_listed_and_shown(_page(client, a.spec1, doc), second, first)
    assert [f.role for f in files] == ["Dự thảo phiên bản 2", "Dự thảo phiên bản 1"]


def test_the_inline_pdf_may_be_framed_by_our_own_pages_only(world, client):
    a = world.a
    main = pdf_attachment(agency=a.agency, user=a.clerk)
    client.force_login(a.clerk)
    shown = client.get(main.get_view_url())
    assert shown.status_code == 200 and shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    downloaded = client.get(main.get_absolute_url())
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert downloaded["X-Frame-Options"] == "DENY"
