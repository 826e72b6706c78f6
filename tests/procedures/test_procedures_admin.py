"""The Django admin of the catalogue: steps must add up, changes are audited, search ignores diacritics."""

import pytest
from django.contrib.admin.sites import site

from egov.accounts.models import Role
from egov.audit.models import AuditRecord
from egov.procedures.models import Procedure
from factories import StaffUserFactory
from procedures.factories import ProcedureFactory, SectorFactory

pytestmark = pytest.mark.django_db
ADD = "/django-admin/procedures/procedure/add/"


@pytest.fixture
def admin_client(client):
    user = StaffUserFactory(roles=[Role.SYSTEM_ADMIN], is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def form_data(agencies, durations):
    sector = SectorFactory(code="HT", name="Hộ tịch")
    data = {
        "code": "2.000986",
        "name": "Đăng ký khai sinh",
        "sector": sector.pk,
        "level": "commune",
        "is_active": "on",
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "agencies": [agencies[1].pk],
        "processing_time": "8",
        "time_unit": "working_hours",
        "online_level": "full",
        "application_schema": "{}",
    }
    steps = [
        {"order": i, "name": f"Bước {i}", "role": "specialist", "unit_hint": "", "duration": d}
        for i, d in enumerate(durations, 1)
    ]
    data |= inline(
        "required_documents", [{"order": 1, "name": "Tờ khai", "form": "original", "count": 1, "is_mandatory": "on"}]
    )
    data |= inline("fees", [])
    data |= inline("steps", steps)
    return data


def test_steps_that_do_not_add_up_are_refused(admin_client, agencies):
    response = admin_client.post(ADD, form_data(agencies, ["1", "4", "2"]))
    assert response.status_code == 200
    assert "Tổng thời gian các bước (7) khác thời hạn giải quyết (8 giờ làm việc)." in response.content.decode()
    assert not Procedure.objects.exists()


def test_a_procedure_saved_in_the_admin_is_audited(admin_client, agencies):
    response = admin_client.post(ADD, form_data(agencies, ["1", "4", "2", "1"]))
    assert response.status_code == 302, response.content.decode()[:3000]
    procedure = Procedure.objects.get()
    procedure.check_steps()
    audit = AuditRecord.objects.get(action="procedure.created")
    assert audit.after["steps"][3]["duration"] == "1.0" and audit.object_id == str(procedure.pk)


def test_admin_search_ignores_diacritics(admin_client, agencies):
    ProcedureFactory(name="Đăng ký khai tử")
    ProcedureFactory(name="Cấp giấy phép xây dựng")
    response = admin_client.get("/django-admin/procedures/procedure/", {"q": "dang ky khai tu"})
    content = response.content.decode()
    assert "Đăng ký khai tử" in content and "Cấp giấy phép xây dựng" not in content


def test_deleting_in_the_admin_is_audited(admin_client):
    procedure = ProcedureFactory()
    response = admin_client.post(f"/django-admin/procedures/procedure/{procedure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Procedure.objects.exists()
    assert AuditRecord.objects.get(action="procedure.deleted").before["code"] == procedure.code


def test_every_catalogue_model_is_registered():
    from egov.procedures.models import Sector

    assert site.is_registered(Procedure) and site.is_registered(Sector)
