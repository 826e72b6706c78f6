"""Demo-like one-stop data for the dossier workspace, statistics, API and benchmark tests.

``OneStopWorld`` builds a small province: a provincial service centre and a Sở with a department under the
UBND tỉnh, a commune with its own centre, a procedure with its papers and internal steps, and one staff
user per role. ``DossierFactory`` writes dossier rows directly (for lists and counts); ``world.receive()``
goes through ``services.receive`` (for anything that needs a real timeline).
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.dossiers import services
from egov.dossiers.models import Channel, Dossier
from egov.dossiers.services import Applicant, Intake, Paper
from egov.dossiers.transitions import Status
from egov.procedures.models import Fee, RequiredDocument
from egov.search.text import build_search_text
from factories import AdministrativeUnitFactory, AgencyFactory, OfficialFactory, StaffUserFactory
from procedures.factories import ONESTOP_STEPS, ProcedureFactory, SectorFactory

__all__ = ["DossierFactory", "OneStopWorld", "ProcedureFactory", "SectorFactory", "pdf_upload", "text_upload"]


class DossierFactory(DjangoModelFactory):
    """A dossier row written directly (test data only: the application changes status through services)."""

    class Meta:
        model = Dossier

    procedure = factory.SubFactory(ProcedureFactory)
    status = Status.RECEIVED
    channel = Channel.DESK
    receiving_agency = factory.SubFactory(AgencyFactory)
    handling_agency = factory.SelfAttribute("receiving_agency")
    current_unit = factory.SelfAttribute("receiving_agency")
    applicant_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    applicant_id_number = factory.Sequence(lambda n: f"0011900{n:05d}")
    code = factory.Sequence(lambda n: f"000.00.20.K98-260105-{n + 1:04d}")
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    original_due_at = factory.SelfAttribute("due_at")
    search_text = factory.LazyAttribute(lambda d: build_search_text(d.code, d.applicant_name, d.applicant_id_number))

    class Params:
        # Common states: ``DossierFactory(overdue=True)``, ``DossierFactory(paused=True)``...
        overdue = factory.Trait(
            status=Status.IN_APPRAISAL,
            received_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=12)),
            due_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
        )
        due_soon = factory.Trait(
            status=Status.IN_APPRAISAL, due_at=factory.LazyFunction(lambda: timezone.now() + timedelta(hours=6))
        )
        paused = factory.Trait(
            status=Status.SUPPLEMENT_REQUESTED,
            resume_status=Status.IN_APPRAISAL,
            paused_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        returned = factory.Trait(
            status=Status.RETURNED,
            returned_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )
        online = factory.Trait(channel=Channel.ONLINE, status=Status.NEW, code=None, received_at=None, due_at=None)


class OneStopWorld:
    """A small province with every role of the one-stop back office (see the module docstring)."""

    def __init__(self):
        self.province = AdministrativeUnitFactory(code="98", name="Tỉnh Thử")
        self.commune_unit = AdministrativeUnitFactory(
            code="98001", name="Xã Hòa Bình", level="commune", parent=self.province
        )
        self.ubnd = self.agency("000.00.00.K98", "Ủy ban nhân dân tỉnh Thử", Agency.Kind.PEOPLES_COMMITTEE, None)
        self.centre = self.agency(
            "000.00.20.K98", "Trung tâm Phục vụ hành chính công tỉnh", Agency.Kind.SERVICE_CENTER, self.ubnd
        )
        self.so = self.agency("000.00.05.K98", "Sở Tư pháp", Agency.Kind.PROVINCIAL_DEPARTMENT, self.ubnd)
        self.dept = self.agency("000.05.05.K98", "Phòng Hành chính tư pháp", Agency.Kind.DEPARTMENT, self.so)
        self.dept2 = self.agency("000.06.05.K98", "Phòng Bổ trợ tư pháp", Agency.Kind.DEPARTMENT, self.so)
        self.so2 = self.agency("000.00.06.K98", "Sở Xây dựng", Agency.Kind.PROVINCIAL_DEPARTMENT, self.ubnd)
        self.ubnd_xa = self.agency(
            "000.00.31.K98", "Ủy ban nhân dân xã Hòa Bình", Agency.Kind.PEOPLES_COMMITTEE, self.ubnd, self.commune_unit
        )
        self.commune_centre = self.agency(
            "000.04.31.K98",
            "Trung tâm Phục vụ hành chính công xã Hòa Bình",
            Agency.Kind.SERVICE_CENTER,
            self.ubnd_xa,
            self.commune_unit,
        )
        self.officer = self.staff(Role.ONESTOP_OFFICER, self.centre, name="Trần Thị Một Cửa")
        self.commune_officer = self.staff(Role.ONESTOP_OFFICER, self.commune_centre, name="Lê Văn Xã")
        self.clerk = self.staff(Role.CLERK, self.so, name="Phạm Thị Văn Thư")
        self.leader = self.staff(Role.AGENCY_LEADER, self.so, name="Hoàng Văn Giám Đốc")
        self.head = self.staff(Role.DEPARTMENT_HEAD, self.so, self.dept, name="Vũ Thị Trưởng Phòng")
        self.specialist = self.staff(Role.SPECIALIST, self.so, self.dept, name="Đỗ Văn Chuyên Viên")
        self.specialist2 = self.staff(Role.SPECIALIST, self.so, self.dept, name="Bùi Thị Thụ Lý")
        self.sector = SectorFactory(code="HT", name="Hộ tịch")
        self.procedure = ProcedureFactory(
            code="1.000001",
            name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            sector=self.sector,
            agencies=[self.so],
            onestop=True,
            steps=ONESTOP_STEPS,
        )
        self.form = RequiredDocument.objects.create(
            procedure=self.procedure, order=1, name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
        )
        self.id_card = RequiredDocument.objects.create(
            procedure=self.procedure, order=2, name="Bản chụp Căn cước công dân", form=RequiredDocument.Form.COPY
        )
        self.optional = RequiredDocument.objects.create(
            procedure=self.procedure, order=3, name="Giấy ủy quyền (nếu có)", is_mandatory=False
        )
        Fee.objects.create(procedure=self.procedure, name="Phí cấp Phiếu lý lịch tư pháp", amount=Decimal(200000))

    def agency(self, code, name, kind, parent, unit=None):
        return AgencyFactory(
            code=code,
            name=name,
            abbreviation=name.split()[0][:20],
            kind=kind,
            parent=parent,
            administrative_unit=unit or self.province,
        )

    @staticmethod
    def staff(role, agency, department=None, *, name=None):
        official = OfficialFactory(agency=agency, department=department, **({"full_name": name} if name else {}))
        return StaffUserFactory(official=official, roles=[role], **({"full_name": name} if name else {}))

    def intake(self, **overrides) -> Intake:
        data = dict(
            procedure=self.procedure,
            applicant=Applicant(name="Nguyễn Thị Hồng Nhung", id_number="001190012345", phone="0912345678"),
            papers=[
                Paper(name=self.form.name, required_document=self.form),
                Paper(name=self.id_card.name, form=RequiredDocument.Form.COPY, required_document=self.id_card),
            ],
        )
        data.update(overrides)
        return Intake(**data)

    def receive(self, now=None, **overrides) -> Dossier:
        """A dossier received at the provincial centre through the service function."""
        return services.receive(self.intake(**overrides), officer=self.officer, receiving_agency=self.centre, now=now)

    def dossier(self, **fields) -> Dossier:
        """A dossier row received at the provincial centre, handled by the Sở (written directly)."""
        values = dict(
            procedure=self.procedure, receiving_agency=self.centre, handling_agency=self.so, current_unit=self.centre
        )
        values.update(fields)
        return DossierFactory(**values)


def pdf_upload(name: str = "ban-quet.pdf"):
    """A tiny real PDF as an uploaded file."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(100, 750, "Bản quét")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def text_upload(name: str = "ghi-chu.pdf"):
    """A text file pretending to be a PDF (refused by its content)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, "Không phải PDF".encode(), content_type="application/pdf")
