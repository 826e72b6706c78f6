"""A small province for document tests: three organisations with a clerk, a leader, a department and its
staff, plus helpers that make attachments (PDF with Vietnamese text, DOCX) through ``store_upload``."""

import io
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from egov.accounts.models import Role
from egov.agencies.models import Agency, Position
from egov.attachments.services import store_upload
from egov.documents.doctypes import ensure_document_types
from egov.documents.models import DocumentType, SecrecyClearance
from egov.documents.services import IncomingData
from factories import AdministrativeUnitFactory, AgencyFactory, OfficialFactory, StaffUserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


class Org:
    """One organisation: ``clerk``, ``leader``, department ``dept`` with ``head``, ``spec1`` and ``spec2``."""

    def __init__(self, world, code, name, abbreviation, dept_abbreviation):
        self.agency = AgencyFactory(
            code=code, name=name, abbreviation=abbreviation, administrative_unit=world.province, parent=world.ubnd
        )
        self.dept = AgencyFactory(
            code=code[:-2] + "K" + code[-1],
            name=f"Phòng Kế toán {abbreviation}",
            abbreviation=dept_abbreviation,
            kind=Agency.Kind.DEPARTMENT,
            parent=self.agency,
            administrative_unit=world.province,
        )
        prefix = abbreviation.lower()
        self.clerk = world.user(f"vanthu.{prefix}", self.agency, None, Role.CLERK, "Văn thư")
        self.leader = world.user(f"giamdoc.{prefix}", self.agency, None, Role.AGENCY_LEADER, "Giám đốc")
        self.head = world.user(f"truongphong.{prefix}", self.agency, self.dept, Role.DEPARTMENT_HEAD, "Trưởng phòng")
        self.spec1 = world.user(f"chuyenvien1.{prefix}", self.agency, self.dept, Role.SPECIALIST, "Chuyên viên")
        self.spec2 = world.user(f"chuyenvien2.{prefix}", self.agency, self.dept, Role.SPECIALIST, "Chuyên viên")


class DocumentWorld:
    def __init__(self):
        self.province = AdministrativeUnitFactory(code="97", name="Tỉnh Văn Thư")
        self.ubnd = AgencyFactory(
            code="000.00.00.H97",
            name="Ủy ban nhân dân tỉnh Văn Thư",
            abbreviation="UBND",
            kind=Agency.Kind.PEOPLES_COMMITTEE,
            administrative_unit=self.province,
        )
        self.a = Org(self, "000.00.11.H97", "Sở Tư pháp", "STP", "KT")
        self.b = Org(self, "000.00.12.H97", "Sở Nội vụ", "SNV", "TCCB")
        self.c = Org(self, "000.00.13.H97", "Sở Tài chính", "STC", "NS")
        ensure_document_types()  # a transactional test before may have flushed the seeded rows
        self.decision = DocumentType.objects.get(abbreviation="QĐ")
        self.letter = DocumentType.objects.get(abbreviation="CV")

    def user(self, username, agency, department, role, position):
        official = OfficialFactory(
            full_name=f"Cán bộ {username}",
            agency=agency,
            department=department,
            position=Position.objects.get_or_create(name=position, defaults={"rank": 50})[0],
        )
        return StaffUserFactory(username=username, full_name=f"Cán bộ {username}", official=official, roles=[role])

    @staticmethod
    def clear(user, level):
        SecrecyClearance.objects.update_or_create(user=user, defaults={"max_level": level})

    def incoming_data(self, **overrides) -> IncomingData:
        values = {
            "issuer_name": "Bộ Tư pháp",
            "issuer_code": "000.00.00.G12",
            "document_type": self.decision,
            "number": "15",
            "notation": "15/QĐ-BTP",
            "document_date": at(2026, 3, 2).date(),
            "subject": "Về việc triển khai công tác hòa giải ở cơ sở năm 2026",
            "signer_name": "Nguyễn Văn Ký",
            "pages": 3,
        }
        values.update(overrides)
        return IncomingData(**values)


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with ``text`` in an embedded Unicode font (Vietnamese letters survive extraction)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    import egov.dossiers.forms_pdf as forms_pdf

    font = Path(forms_pdf.__file__).parent / "data" / "fonts" / "DejaVuSerifCondensed.ttf"
    pdfmetrics.registerFont(TTFont("DocTestFont", str(font)))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("DocTestFont", 12)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def docx_bytes(text: str) -> bytes:
    """A minimal DOCX whose body is one paragraph with ``text``."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = f'<w:document xmlns:w="{ns}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        'document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def pdf_attachment(text="Dự thảo văn bản", *, agency=None, user=None):
    upload = SimpleUploadedFile("van-ban.pdf", pdf_bytes(text), content_type="application/pdf")
    return store_upload(upload, uploaded_by=user, agency=agency)


def docx_attachment(text, *, agency=None, user=None):
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    upload = SimpleUploadedFile("du-thao.docx", docx_bytes(text), content_type=mime)
    return store_upload(upload, uploaded_by=user, agency=agency)
