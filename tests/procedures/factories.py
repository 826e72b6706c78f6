"""Factories and small builders for catalogue tests."""

import copy
from decimal import Decimal
from io import BytesIO

import factory
from factory.django import DjangoModelFactory
from openpyxl import load_workbook

from egov.accounts.models import Role
from egov.procedures.models import Fee, Procedure, ProcessStep, RequiredDocument, Sector


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LV{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực thử {n}")


class ProcedureFactory(DjangoModelFactory):
    """The one procedure factory of the test suite (dossier, portal and report tests use it too).

    ``agencies=[...]`` links agencies; ``steps=True`` adds four steps that add up to the processing time,
    ``steps=ONESTOP_STEPS`` (or any list of ``(role, days, name)``) adds exactly those steps.
    Trait ``onestop=True``: the one-stop workspace's procedure of a Sở Tư pháp, 10 working days.
    """

    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{n + 900000:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    sector = factory.SubFactory(SectorFactory)
    level = Procedure.Level.PROVINCE
    competent_authority = "Sở Thử nghiệm"
    processing_time = Decimal("5")
    time_unit = Procedure.TimeUnit.WORKING_DAYS
    online_level = Procedure.OnlineLevel.FULL

    class Params:
        onestop = factory.Trait(competent_authority="Sở Tư pháp", processing_time=Decimal(10))

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.agencies.set(extracted)

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        if not (create and extracted):
            return
        if extracted is True:
            add_standard_steps(obj)
        else:
            add_steps(obj, extracted)


class RequiredDocumentFactory(DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    procedure = factory.SubFactory(ProcedureFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Giấy tờ {n}")


class FeeFactory(DjangoModelFactory):
    class Meta:
        model = Fee

    procedure = factory.SubFactory(ProcedureFactory)
    name = "Lệ phí"
    amount = Decimal("100000")


def add_standard_steps(procedure: Procedure) -> None:
    """receive 0.5, appraise (rest), approve 1, return 0.5: adds up to the procedure's time (≥ 2.5)."""
    rest = procedure.processing_time - Decimal("2")
    plan = [
        ("Tiếp nhận", Role.ONESTOP_OFFICER, Decimal("0.5")),
        ("Thẩm định", Role.SPECIALIST, rest),
        ("Ký duyệt", Role.AGENCY_LEADER, Decimal("1")),
        ("Trả kết quả", Role.ONESTOP_OFFICER, Decimal("0.5")),
    ]
    ProcessStep.objects.bulk_create(
        ProcessStep(procedure=procedure, order=i, name=name, role=role, duration=duration)
        for i, (name, role, duration) in enumerate(plan, 1)
    )


# The one-stop workspace's five steps (10 working days): every back-office role has a step.
ONESTOP_STEPS = [
    (Role.ONESTOP_OFFICER, "0.5", "Tiếp nhận, chuyển hồ sơ"),
    (Role.DEPARTMENT_HEAD, "0.5", "Phân công thụ lý"),
    (Role.SPECIALIST, "7", "Thẩm định hồ sơ"),
    (Role.AGENCY_LEADER, "1.5", "Phê duyệt kết quả"),
    (Role.ONESTOP_OFFICER, "0.5", "Trả kết quả"),
]


def add_steps(procedure: Procedure, plan) -> None:
    """``plan``'s ``(role, days, name)`` rows as the procedure's steps, in order."""
    for order, (role, days, name) in enumerate(plan, start=1):
        ProcessStep.objects.create(procedure=procedure, order=order, name=name, role=role, duration=Decimal(days))


BASE_PROCEDURE = {
    "code": "1.000100",
    "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    "sector": {"code": "XD", "name": "Hoạt động xây dựng"},
    "level": "province",
    "competent_authority": "Sở Xây dựng",
    "agencies": [],
    "processing_time": 10,
    "time_unit": "working_days",
    "online_level": "partial",
    "legacy_level": 3,
    "result_types": "Giấy phép xây dựng",
    "legal_basis": "Luật Xây dựng",
    "required_documents": [
        {"order": 1, "name": "Đơn đề nghị cấp giấy phép xây dựng", "form": "original", "count": 1},
        {"order": 2, "name": "Bản vẽ thiết kế", "form": "copy", "count": 2, "is_mandatory": False},
    ],
    "fees": [{"name": "Lệ phí cấp giấy phép", "amount": 75000, "description": ""}],
    "steps": [
        {"order": 1, "name": "Tiếp nhận", "role": "onestop_officer", "duration": 0.5},
        {"order": 2, "name": "Phân công", "role": "department_head", "duration": 0.5},
        {"order": 3, "name": "Thẩm định", "role": "specialist", "duration": 7.5},
        {"order": 4, "name": "Ký duyệt", "role": "agency_leader", "duration": 1},
        {"order": 5, "name": "Trả kết quả", "role": "onestop_officer", "duration": 0.5},
    ],
}


def procedure_data(agency_codes, **overrides) -> dict:
    """A valid procedure in the JSON import format, linked to ``agency_codes``."""
    data = copy.deepcopy(BASE_PROCEDURE)
    data["agencies"] = list(agency_codes)
    data.update(overrides)
    return data


def edit_workbook(content: bytes, edit) -> bytes:
    """``content`` (an XLSX file) after ``edit(workbook)``."""
    workbook = load_workbook(BytesIO(content))
    edit(workbook)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


class NamedBytes(BytesIO):
    """An in-memory upload with a file name, as ``import_catalogue`` accepts."""

    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name = name


def pdf_bytes() -> bytes:
    """A small real PDF (uploads are opened and checked)."""
    from reportlab.pdfgen import canvas

    output = BytesIO()
    pdf = canvas.Canvas(output)
    pdf.drawString(100, 750, "To khai")
    pdf.showPage()
    pdf.save()
    return output.getvalue()
