import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.accounts.models import Role, StaffRole, User
from egov.agencies.demo import load_data, load_demo, load_demo_province
from egov.agencies.models import AdministrativeUnit, Agency, Official, Position, validate_organ_id
from factories import UserFactory

pytestmark = pytest.mark.django_db

POST_2025_DEPARTMENTS = {
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
}


@pytest.fixture
def accounts():
    return load_demo_province()


def snapshot():
    models = (AdministrativeUnit, Agency, Position, Official, User, StaffRole)
    return {m.__name__: [model_to_dict(o) | {"pk": o.pk} for o in m.objects.order_by("pk")] for m in models} | {
        "paths": list(Agency.objects.order_by("pk").values_list("path", flat=True)),
        "passwords": list(User.objects.order_by("pk").values_list("password", flat=True)),
    }


def test_loading_twice_changes_nothing(accounts):
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        again = load_demo_province()
    writes = [q["sql"] for q in queries if q["sql"].split(" ", 1)[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert snapshot() == before
    assert again == accounts


def test_the_loader_repairs_the_directory_data(accounts):
    agency = Agency.objects.get(code="000.00.04.H99")
    agency.name = "Sở khác"
    agency.save()
    load_demo_province()
    assert Agency.objects.get(code="000.00.04.H99").name == "Sở Tư pháp"


def test_the_loader_never_changes_an_existing_account():
    """Run against a database with a real "admin": no password reset, no role, no official attached."""
    real = UserFactory(username="admin", kind=User.Kind.STAFF, is_superuser=True)
    before = model_to_dict(real)
    load_demo_province()
    real.refresh_from_db()
    assert model_to_dict(real) == before
    assert real.check_password("Mat-khau-2026") and not real.roles.exists()


def test_egov_demo_finds_the_loader():
    assert load_demo is load_demo_province


def test_every_role_and_kind_has_a_demo_account(accounts):
    assert set(StaffRole.objects.values_list("role", flat=True)) == set(Role.values)
    kinds = [User.objects.get(username=a.username).kind for a in accounts]
    assert kinds.count(User.Kind.CITIZEN) == 2
    assert kinds.count(User.Kind.BUSINESS) == 1
    assert len({a.username for a in accounts}) == len(accounts)
    assert accounts[0].username == "admin" and User.objects.get(username="admin").is_superuser


def test_every_demo_account_signs_in_with_the_printed_password(accounts):
    for account in accounts:
        assert account.password == load_data()["password"]
        assert authenticate(username=account.username, password=account.password) is not None, account
        assert account.role and account.agency


def test_staff_accounts_have_an_official_and_applicants_have_none(accounts):
    for user in User.objects.filter(username__in=[a.username for a in accounts]):
        assert (user.official_id is not None) == (user.kind == User.Kind.STAFF), user


def test_every_agency_code_is_a_valid_organ_id_and_every_row_is_clean(accounts):
    for agency in Agency.objects.all():
        validate_organ_id(agency.code)
        agency.full_clean()
    for official in Official.objects.select_related("department"):
        official.full_clean()
    for unit in AdministrativeUnit.objects.all():
        unit.full_clean()


def test_the_province_has_two_levels_and_at_least_three_communes(accounts):
    province = AdministrativeUnit.objects.get(level=AdministrativeUnit.Level.PROVINCE)
    assert len(province.code) == 2
    communes = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
    assert communes.count() >= 3
    assert all(len(c.code) == 5 and c.parent == province for c in communes)
    assert all(c.name.startswith(("Xã ", "Phường ")) for c in communes)
    assert not AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).exists()


def test_one_agency_tree_with_the_post_2025_departments(accounts):
    root = Agency.objects.get(parent=None)
    assert root.kind == Agency.Kind.PEOPLES_COMMITTEE and root.abbreviation == "UBND"
    assert Agency.objects.count() == Agency.objects.subtree(root).count()
    so = Agency.objects.filter(parent=root, kind=Agency.Kind.PROVINCIAL_DEPARTMENT)
    assert so.count() >= 8
    assert POST_2025_DEPARTMENTS <= set(so.values_list("name", flat=True))
    assert Agency.objects.filter(parent=root, kind=Agency.Kind.OFFICE).exists()
    assert Agency.objects.filter(parent=root, kind=Agency.Kind.SERVICE_CENTER).exists()


def test_each_commune_has_a_peoples_committee_with_a_service_center_and_departments(accounts):
    communes = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
    for commune in communes:
        committee = Agency.objects.get(administrative_unit=commune, kind=Agency.Kind.PEOPLES_COMMITTEE)
        children = committee.children.all()
        centers = [c for c in children if c.kind == Agency.Kind.SERVICE_CENTER]
        assert len(centers) == 1 and centers[0].name.startswith("Trung tâm Phục vụ hành chính công")
        assert centers[0].administrative_unit == commune
        assert sum(c.is_department for c in children) >= 2


def test_departments_and_officials_of_the_justice_department(accounts):
    stp = Agency.objects.get(abbreviation="STP")
    assert {"Văn phòng Sở", "Phòng Hành chính tư pháp", "Phòng Xây dựng và kiểm tra văn bản"} <= set(
        stp.children.values_list("name", flat=True)
    )
    assert Official.objects.filter(agency=stp, position__name="Giám đốc", department=None).exists()
    assert Official.objects.filter(agency=stp, is_focal_point=True).exists()


def test_demo_accounts_see_what_the_matrix_says(accounts):
    def seen(username):
        return Official.objects.for_user(User.objects.get(username=username))

    everyone = Official.objects.count()
    assert seen("admin").count() == everyone
    assert seen("chutich.tinh").count() == everyone
    assert set(seen("chuyenvien.stp").values_list("department__abbreviation", flat=True)) == {"HCTP"}
    assert set(seen("giamdoc.stp").values_list("agency__abbreviation", flat=True)) == {"STP"}
    assert set(seen("motcua.ankhanh").values_list("agency__kind", flat=True)) == {Agency.Kind.SERVICE_CENTER}
    assert not seen("congdan1").exists()


def test_load_demo_command_prints_the_accounts(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username in ("admin", "motcua.tinh", "congdan1", "doanhnghiep1"):
        assert username in out
    assert "demo12345" in out


def test_the_demo_agency_admin_manages_his_officials_in_the_django_admin(accounts, client):
    client.force_login(User.objects.get(username="quantri.stp"))
    response = client.get(reverse("admin:agencies_official_changelist"), {"all": ""})
    assert response.status_code == 200
    shown = response.context["cl"].queryset
    assert shown.count() == Official.objects.filter(agency__abbreviation="STP").count()
