"""Issue 13 item 4: Decree 30 notation, the issue details written on the PDF before signing, the file's name."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from egov.attachments.services import store_upload
from egov.documents import services
from egov.documents.stamping import decree_30_date, text_lines
from egov.signatures import services as signatures

from .factories import at
from .test_outgoing import _approve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_ca_in_tmp(settings, tmp_path_factory):
    settings.VAR_DIR = tmp_path_factory.getbasetemp() / "documents-stamp-var"


def decree_30_draft(agency_line="SỞ TƯ PHÁP", number_line="Số:        /QĐ-STP", date_line=None) -> bytes:
    """A draft with the Decree 30 header: agency, the blank "Số:" line, the blank place-and-date line."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    import egov.dossiers.forms_pdf as forms_pdf

    font = Path(forms_pdf.__file__).parent / "data" / "fonts" / "DejaVuSerifCondensed.ttf"
    pdfmetrics.registerFont(TTFont("StampTestFont", str(font)))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595.27, 841.89))
    page.setFont("StampTestFont", 13)
    page.drawString(70, 790, agency_line)
    if number_line:
        page.drawString(70, 760, number_line)
    if date_line:
        page.drawString(330, 760, date_line)
    page.drawString(70, 700, "QUYẾT ĐỊNH phê duyệt kế hoạch kiểm tra năm 2026")
    page.save()
    return buffer.getvalue()


def _draft_with(world, pdf: bytes, doc_type=None):
    a = world.a
    upload = SimpleUploadedFile("draft-qd.pdf", pdf, content_type="application/pdf")
    return services.create_draft(
        author=a.spec1,
        document_type=doc_type or world.decision,
        subject="Quyết định phê duyệt kế hoạch kiểm tra năm 2026",
        attachment=store_upload(upload, uploaded_by=a.spec1, agency=a.agency),
        now=at(2026, 4, 1, 8, 0),
    )


def _issue(world, pdf, doc_type=None):
    doc = _approve(world, _draft_with(world, pdf, doc_type))
    return services.issue(doc, actor=world.a.clerk, now=at(2026, 4, 6, 9, 0))


def _first_page_text(attachment) -> str:
    with attachment.file.open("rb") as stream:
        return PdfReader(io.BytesIO(stream.read())).pages[0].extract_text()


def test_a_typed_document_has_no_drafting_unit_in_its_notation_a_letter_has(world):
    decision = _issue(world, decree_30_draft())
    assert decision.notation == "01/QĐ-STP"  # was 01/QĐ-STP-KT
    letter = _issue(world, decree_30_draft(number_line="Số:        /STP-KT"), doc_type=world.letter)
    assert letter.notation == "02/STP-KT"


def test_the_issued_pdf_carries_number_notation_and_date_where_the_draft_leaves_them_blank_then_is_signed(world):
    a = world.a
    signatures.issue_certificate(official=a.leader.official)
    signatures.issue_certificate(agency=a.agency)
    doc = _issue(world, decree_30_draft(date_line="An Khánh, ngày     tháng     năm 2026"))

    [issued] = doc.attachments.all()
    assert issued.original_name == "01-QĐ-STP.pdf"  # not draft-qd.pdf
    text = _first_page_text(issued)
    assert "Số: 01/QĐ-STP" in text
    assert "An Khánh, ngày 06 tháng 4 năm 2026" in text
    with issued.file.open("rb") as stream:
        data = stream.read()
    lines = text_lines(PdfReader(io.BytesIO(data)).pages[0])
    stamped = [line for line in lines if "01/QĐ-STP" in line.text]
    assert stamped and round(stamped[0].y) == 760 and round(stamped[0].x) == 70  # on the "Số:" line itself
    dated = [line for line in lines if "ngày 06 tháng 4" in line.text]
    assert dated and round(dated[0].y) == 760 and round(dated[0].x) == 330  # on the date line, right
    reports = signatures.verify_pdf(data)  # the signatures cover the stamped revision
    assert [r.signer for r in reports] == [a.leader.official.full_name, a.agency.name]
    assert all(r.valid and not r.modified for r in reports)
    assert doc.signed_at is not None


def test_a_draft_without_the_lines_gets_them_in_the_decree_layout(world):
    doc = _issue(world, decree_30_draft(number_line=""))
    [issued] = doc.attachments.all()
    text = _first_page_text(issued)
    assert "Số: 01/QĐ-STP" in text
    assert "Văn Thư, ngày 06 tháng 4 năm 2026" in text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2026, 4, 6), "ngày 06 tháng 4 năm 2026"),
        (date(2026, 12, 1), "ngày 01 tháng 12 năm 2026"),
    ],
)
def test_decree_30_date(day, text):
    assert decree_30_date(day) == text
