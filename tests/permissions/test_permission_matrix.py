"""The permission matrix (issue 14, "Beyond the fixes"): every row of ``matrix.ROWS`` is built in agency A and
every user of ``matrix.USERS`` tries to read it through every channel the row declares; the outcome must be
the declared one. Also: ``docs/permissions.md`` is generated from the matrix, and every model with an agency
foreign key is either in the matrix or listed, with a reason, in ``matrix.NOT_IN_MATRIX``.

Regenerate the document with ``EGOV_WRITE_PERMISSIONS_DOC=1 pytest tests/permissions``.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from egov.accounts.models import Role, User
from egov.agencies.models import Agency
from egov.attachments.services import store_upload
from egov.documents.doctypes import ensure_document_types
from egov.documents.models import DocumentType, IncomingDocument, Secrecy
from factories import AgencyFactory, OfficialFactory, StaffUserFactory, UserFactory

from . import matrix

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
READ_OK = 200


def _pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Ma tran quyen")
    page.save()
    return out.getvalue()


def _file(uploaded_by=None, agency=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return store_upload(
        SimpleUploadedFile("tep.pdf", _pdf(), content_type="application/pdf"), uploaded_by=uploaded_by, agency=agency
    )


class World:
    """Agencies A and B (each with a department), one user per demo role in each, two citizens."""

    def __init__(self):
        self.a = AgencyFactory(name="Sở A")
        self.b = AgencyFactory(name="Sở B")
        self.departments = {
            agency.pk: AgencyFactory(parent=agency, kind=Agency.Kind.DEPARTMENT, name=f"Phòng của {agency.name}")
            for agency in (self.a, self.b)
        }
        self.users = {"system_admin": StaffUserFactory(roles=[Role.SYSTEM_ADMIN]), "anonymous": None}
        for prefix, agency in (("A", self.a), ("B", self.b)):
            for role in matrix.ROLES:
                department = self.departments[agency.pk] if role in matrix.UNIT_ROLES else None
                official = OfficialFactory(agency=agency, department=department)
                self.users[f"{prefix}.{role}"] = StaffUserFactory(official=official, roles=[role])
        self.users["citizen.owner"] = UserFactory(kind=User.Kind.CITIZEN)
        self.users["citizen.other"] = UserFactory(kind=User.Kind.CITIZEN)
        assert set(self.users) == set(matrix.USERS)

    @property
    def owner(self):
        return self.users["citizen.owner"]


# --- one builder per row: returns {channel: url} ---------------------------------------------------------------


def _incoming(world, secrecy=Secrecy.NORMAL):
    ensure_document_types()
    attachment = _file(agency=world.a)
    document = IncomingDocument.objects.create(
        agency=world.a,
        document_type=DocumentType.objects.first(),
        subject="Kế hoạch kiểm tra",
        issuer_name="Bộ Tư pháp",
        secrecy=secrecy,
    )
    document.attachments.add(attachment)
    return {
        "file": attachment.get_absolute_url(),
        "page": reverse("documents:incoming-detail", args=[document.pk]),
        "api": f"/api/v1/documents/incoming/{document.pk}/",
    }


def _outgoing(world):
    from egov.documents.models import OutgoingDocument

    ensure_document_types()
    department = world.departments[world.a.pk]
    attachment = _file(agency=world.a)
    document = OutgoingDocument.objects.create(
        agency=world.a,
        document_type=DocumentType.objects.first(),
        subject="Dự thảo kế hoạch",
        drafting_unit=department,
        author=StaffUserFactory(official=OfficialFactory(agency=world.a, department=department), roles=[]),
    )
    document.attachments.add(attachment)
    return {
        "file": attachment.get_absolute_url(),
        "page": reverse("documents:outgoing-detail", args=[document.pk]),
        "api": f"/api/v1/documents/outgoing/{document.pk}/",
    }


def _work_file(world):
    from egov.documents.models import WorkFile

    item = WorkFile.objects.create(
        agency=world.a,
        unit=world.departments[world.a.pk],
        year=2026,
        code="01/HS",
        title="Hồ sơ kiểm tra",
        retention="10 năm",
        owner=world.users["A.specialist"],
    )
    return {"page": reverse("documents:work-file", args=[item.pk])}


def _dossier(world):
    from dossiers.factories import DossierFactory

    return DossierFactory(receiving_agency=world.a, applicant_user=world.owner)


def _dossier_paper(world):
    from egov.dossiers.models import DossierPaper

    dossier = _dossier(world)
    attachment = _file(uploaded_by=world.owner)
    DossierPaper.objects.create(dossier=dossier, name="Tờ khai", form="original", attachment=attachment)
    return {
        "file": attachment.get_absolute_url(),
        "page": reverse("dossiers:detail", args=[dossier.pk]),
        "portal": reverse("services_portal:my-dossier", args=[dossier.pk]),
    }


def _dossier_result(world):
    from egov.dossiers.models import DossierResult

    dossier = _dossier(world)
    attachment = _file(agency=world.a)
    DossierResult.objects.create(
        dossier=dossier,
        number=1,
        code=f"KQ-{dossier.pk}",
        title="Phiếu",
        attachment=attachment,
        issued_at=timezone.now(),
    )
    return {"file": attachment.get_absolute_url()}


def _plan_evidence(world):
    from egov.plans.models import ItPlan, PlanIndicator

    plan = ItPlan.objects.create(
        code=f"kh-{world.a.pk}", title="Kế hoạch", agency=world.a, start_year=2026, end_year=2026
    )
    attachment = _file(agency=world.a)
    PlanIndicator.objects.create(plan=plan, name="Tỷ lệ", reporting_agency=world.a, evidence=attachment)
    return {"file": attachment.get_absolute_url()}


def _feedback(world):
    from egov.feedback.models import Kind, Submission

    attachment = _file(agency=world.a)
    Submission.objects.create(
        kind=Kind.FEEDBACK,
        code=f"PA-{world.a.pk}",
        title="Đường hỏng",
        content="…",
        name="Nguyễn Văn A",
        agency=world.a,
        due_at=timezone.now() + timedelta(days=10),
        attachment=attachment,
    )
    return {"file": attachment.get_absolute_url()}


def _stored_paper(world):
    from egov.services_portal.models import StoredPaper

    attachment = _file(uploaded_by=world.owner)
    StoredPaper.objects.create(user=world.owner, attachment=attachment, name="CCCD", source="upload")
    return {"file": attachment.get_absolute_url()}


def _form_template(world):
    from dossiers.factories import ProcedureFactory
    from egov.procedures.models import RequiredDocument

    attachment = _file(agency=world.a)
    RequiredDocument.objects.create(procedure=ProcedureFactory(onestop=True), name="Tờ khai", template=attachment)
    return {"file": attachment.get_absolute_url()}


def _unheld_upload(world):
    return {"file": _file(uploaded_by=world.owner).get_absolute_url()}


BUILDERS = {
    "incoming": _incoming,
    "incoming_secret": lambda world: _incoming(world, Secrecy.SECRET),
    "outgoing": _outgoing,
    "work_file": _work_file,
    "dossier_paper": _dossier_paper,
    "dossier_result": _dossier_result,
    "plan_evidence": _plan_evidence,
    "feedback": _feedback,
    "stored_paper": _stored_paper,
    "form_template": _form_template,
    "unheld_upload": _unheld_upload,
}


def _reads(client, channel: str, url: str) -> bool:
    response = client.get(url, HTTP_ACCEPT="application/json") if channel == "api" else client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response.status_code == READ_OK


@pytest.mark.django_db
@pytest.mark.parametrize("row", matrix.ROWS, ids=[row.key for row in matrix.ROWS])
def test_permission_matrix(row, client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EGOV_PLANS_IT_AGENCIES = []
    world = World()
    urls = BUILDERS[row.key](world)
    assert set(urls) >= set(row.read), f"{row.key}: the builder gives no URL for {set(row.read) - set(urls)}"
    wrong = []
    for channel, allowed in row.read.items():
        for key in matrix.USERS:
            user = world.users[key]
            http = APIClient() if channel == "api" else client
            http.logout()
            if user is not None:
                http.force_login(user)
            got = _reads(http, channel, urls[channel])
            if got != (key in allowed):
                wrong.append(f"{channel}: {key} {'reads' if got else 'is refused'}")
    assert not wrong, f"{row.key} differs from the matrix: {wrong}"


def test_every_row_has_a_builder():
    assert {row.key for row in matrix.ROWS} == set(BUILDERS)


def test_every_model_with_an_agency_is_in_the_matrix():
    in_matrix = {row.model for row in matrix.ROWS} | {model for row in matrix.ROWS for model in row.also}
    missing = []
    for model in apps.get_models():
        agency_fields = [
            f
            for f in model._meta.get_fields()
            if getattr(f, "related_model", None) is Agency and f.concrete and (f.many_to_one or f.many_to_many)
        ]
        label = model._meta.label
        if agency_fields and label not in in_matrix and label not in matrix.NOT_IN_MATRIX:
            missing.append(label)
    assert not missing, f"Models with an agency foreign key missing from tests/permissions/matrix.py: {missing}"


def test_permissions_doc_is_generated_from_the_matrix():
    text = DOC.read_text(encoding="utf-8")
    section = matrix.render()
    if os.environ.get("EGOV_WRITE_PERMISSIONS_DOC") == "1":
        if matrix.DOC_START in text:
            head, _, rest = text.partition(matrix.DOC_START)
            _, _, tail = rest.partition(matrix.DOC_END)
            text = head + section + tail
        else:
            text = text.rstrip("\n") + "\n\n## Declared matrix (tested)\n\n" + section + "\n"
        DOC.write_text(text, encoding="utf-8")
    assert section in text, (
        "docs/permissions.md is out of date: run EGOV_WRITE_PERMISSIONS_DOC=1 pytest tests/permissions"
    )
