import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from egov.accounts.models import Role
from egov.agencies.models import Agency
from factories import AdministrativeUnitFactory, AgencyFactory, DepartmentFactory, OfficialFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = StaffUserFactory(roles=[Role.SYSTEM_ADMIN], is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def agency_form(**overrides):
    data = {
        "code": "000.00.05.H98",
        "name": "Sở Xây dựng",
        "abbreviation": "SXD",
        "kind": Agency.Kind.PROVINCIAL_DEPARTMENT,
        "parent": "",
        "administrative_unit": AdministrativeUnitFactory().pk,
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
        "sort_order": 0,
    }
    return data | overrides


@pytest.mark.parametrize("model", ["administrativeunit", "agency", "position", "official"])
def test_changelists_and_add_pages_render(admin_client, model):
    AgencyFactory(parent=AgencyFactory())
    OfficialFactory()
    changelist = admin_client.get(reverse(f"admin:agencies_{model}_changelist"))
    assert changelist.status_code == 200
    model_class = changelist.context["cl"].model
    shown = list(changelist.context["cl"].result_list)
    assert shown and set(shown) == set(model_class.objects.all())  # every row is listed, none invented
    html = changelist.content.decode()
    assert all(reverse(f"admin:agencies_{model}_change", args=[obj.pk]) in html for obj in shown)
    add = admin_client.get(reverse(f"admin:agencies_{model}_add"))
    assert add.status_code == 200
    form = add.context["adminform"].form
    assert not form.is_bound and {"name", "full_name"} & set(form.fields)
    assert 'method="post"' in add.content.decode() and 'name="_save"' in add.content.decode()


def test_agency_list_is_in_tree_order_and_searchable(admin_client):
    root = AgencyFactory(name="Gốc")
    later = AgencyFactory(name="Cơ quan khác")
    child = AgencyFactory(parent=root, name="Con của gốc")
    response = admin_client.get(reverse("admin:agencies_agency_changelist"))
    shown = list(response.context["cl"].result_list)
    assert shown.index(root) < shown.index(child) < shown.index(later)
    response = admin_client.get(reverse("admin:agencies_agency_changelist"), {"q": child.code})
    assert list(response.context["cl"].result_list) == [child]


def test_adding_an_agency_with_a_bad_code_explains_in_vietnamese(admin_client):
    response = admin_client.post(reverse("admin:agencies_agency_add"), agency_form(code="000.00.05.h98"))
    assert response.status_code == 200
    assert "Mã định danh cơ quan gồm các nhóm chữ số và chữ in hoa" in response.content.decode()
    assert not Agency.objects.filter(name="Sở Xây dựng").exists()


def test_adding_an_agency_goes_through_the_service(admin_client):
    parent = AgencyFactory()
    response = admin_client.post(reverse("admin:agencies_agency_add"), agency_form(parent=parent.pk))
    assert response.status_code == 302
    agency = Agency.objects.get(code="000.00.05.H98")
    assert agency.path == f"{parent.path}{agency.pk}/"


def test_changing_the_parent_moves_the_subtree(admin_client):
    old, new = AgencyFactory(), AgencyFactory()
    agency = AgencyFactory(parent=old)
    department = DepartmentFactory(parent=agency)
    data = agency_form(
        code=agency.code, name="Tên mới", parent=new.pk, administrative_unit=agency.administrative_unit_id
    )
    response = admin_client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), data)
    assert response.status_code == 302
    agency.refresh_from_db()
    department.refresh_from_db()
    assert agency.parent == new and agency.name == "Tên mới"
    assert department.path == f"{new.path}{agency.pk}/{department.pk}/"


def test_a_cycle_is_refused_in_the_form(admin_client):
    agency = AgencyFactory()
    child = AgencyFactory(parent=agency)
    data = agency_form(code=agency.code, parent=child.pk, administrative_unit=agency.administrative_unit_id)
    response = admin_client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), data)
    assert response.status_code == 200
    assert "không được là chính nó hoặc đơn vị cấp dưới" in response.content.decode()


def test_deactivate_action(admin_client):
    agency = AgencyFactory()
    DepartmentFactory(parent=agency)
    response = admin_client.post(
        reverse("admin:agencies_agency_changelist"), {"action": "deactivate", "_selected_action": [agency.pk]}
    )
    assert response.status_code == 302
    assert not Agency.objects.subtree(agency).filter(is_active=True).exists()


def test_admin_lists_are_scoped_for_an_agency_admin(client):
    mine, other = AgencyFactory(), AgencyFactory()
    own_official = OfficialFactory(agency=mine)
    OfficialFactory(agency=other)
    user = StaffUserFactory(official=own_official, roles=[Role.AGENCY_ADMIN], is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_agency", "view_official"]))
    client.force_login(user)
    agencies = client.get(reverse("admin:agencies_agency_changelist")).context["cl"].result_list
    officials = client.get(reverse("admin:agencies_official_changelist")).context["cl"].result_list
    assert list(agencies) == [mine]
    assert list(officials) == [own_official]
