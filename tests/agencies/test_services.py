import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.accounts.models import Role
from egov.agencies import services
from egov.agencies.models import Agency
from egov.audit.models import AuditRecord
from factories import AdministrativeUnitFactory, AgencyFactory, DepartmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def chain(depth: int) -> list[Agency]:
    """root -> child -> grandchild ... (``depth`` agencies)."""
    agencies = [AgencyFactory()]
    for _ in range(depth - 1):
        agencies.append(AgencyFactory(parent=agencies[-1]))
    return agencies


def assert_paths_consistent():
    by_pk = {a.pk: a for a in Agency.objects.all()}
    for agency in by_pk.values():
        prefix = by_pk[agency.parent_id].path if agency.parent_id else "/"
        assert agency.path == f"{prefix}{agency.pk}/", agency


def test_create_agency_sets_the_path_under_its_parent():
    parent = AgencyFactory()
    agency = services.create_agency(
        code="000.01.05.H99",
        name="Phòng Hành chính tư pháp",
        abbreviation="HCTP",
        kind=Agency.Kind.DEPARTMENT,
        administrative_unit=parent.administrative_unit,
        parent=parent,
        phone="0200 3822 043",
    )
    assert agency.path == f"{parent.path}{agency.pk}/"
    assert agency.phone == "0200 3822 043"
    assert list(Agency.objects.subtree(parent)) == [parent, agency]


def test_create_agency_rejects_an_invalid_code_in_vietnamese():
    with pytest.raises(ValidationError) as info:
        services.create_agency(
            code="000.00.00.h12",
            name="Sở X",
            abbreviation="SX",
            kind=Agency.Kind.PROVINCIAL_DEPARTMENT,
            administrative_unit=AdministrativeUnitFactory(),
        )
    assert "Mã định danh cơ quan" in info.value.message_dict["code"][0]
    assert not Agency.objects.exists()


def test_create_agency_refuses_a_department_without_parent_and_an_inactive_parent():
    unit = AdministrativeUnitFactory()
    with pytest.raises(ValidationError):
        services.create_agency(
            code="G01", name="Phòng", abbreviation="P", kind=Agency.Kind.DEPARTMENT, administrative_unit=unit
        )
    closed = AgencyFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.create_agency(
            code="G02",
            name="Phòng",
            abbreviation="P",
            kind=Agency.Kind.DEPARTMENT,
            administrative_unit=unit,
            parent=closed,
        )


def test_move_rewrites_the_paths_of_the_whole_subtree():
    a, a1, a2, a3 = chain(4)
    b = AgencyFactory()
    moved = services.move_agency(a1, b)
    assert moved is a1 and a1.parent == b
    assert a1.path == f"{b.path}{a1.pk}/"
    assert Agency.objects.get(pk=a3.pk).path == f"{b.path}{a1.pk}/{a2.pk}/{a3.pk}/"
    assert set(Agency.objects.subtree(b)) == {b, a1, a2, a3}
    assert set(Agency.objects.subtree(a)) == {a}
    assert_paths_consistent()


def test_move_to_the_top_level_and_back():
    a, a1, a2 = chain(3)
    services.move_agency(a1, None)
    assert a1.parent is None and a1.path == f"/{a1.pk}/"
    assert Agency.objects.get(pk=a2.pk).path == f"/{a1.pk}/{a2.pk}/"
    services.move_agency(a1, a)
    assert Agency.objects.get(pk=a2.pk).path == f"/{a.pk}/{a1.pk}/{a2.pk}/"
    assert_paths_consistent()


def test_move_leaves_agencies_with_a_similar_path_prefix_alone():
    """Path "/1/" must not match "/12/": prefixes end with a slash."""
    agencies = [AgencyFactory() for _ in range(12)]
    first, twelfth = agencies[0], agencies[11]
    child = AgencyFactory(parent=twelfth)
    services.move_agency(first, agencies[1])
    assert Agency.objects.get(pk=child.pk).path == f"/{twelfth.pk}/{child.pk}/"
    assert_paths_consistent()


@pytest.mark.parametrize("target", [0, 1, 3])
def test_move_refuses_cycles(target):
    agencies = chain(4)
    with pytest.raises(ValidationError) as info:
        services.move_agency(agencies[1], agencies[target] if target else agencies[1])
    assert "chính nó hoặc đơn vị cấp dưới" in info.value.message_dict["parent"][0]
    assert [a.path for a in Agency.objects.order_by("pk")] == [a.path for a in agencies]


def test_move_refuses_an_inactive_parent_and_a_department_without_parent():
    department = DepartmentFactory()
    closed = AgencyFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.move_agency(department, closed)
    with pytest.raises(ValidationError):
        services.move_agency(department, None)
    assert Agency.objects.get(pk=department.pk).parent_id == department.parent_id


def test_moving_to_the_same_parent_changes_nothing():
    a, a1 = chain(2)
    with CaptureQueriesContext(connection) as queries:
        services.move_agency(a1, a)
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    assert a1.path == f"{a.path}{a1.pk}/"


def test_update_agency_changes_fields_but_not_the_tree():
    agency = AgencyFactory()
    services.update_agency(agency, name="Sở Tư pháp", phone="0200 1")
    agency.refresh_from_db()
    assert (agency.name, agency.phone) == ("Sở Tư pháp", "0200 1")
    with pytest.raises(ValueError):
        services.update_agency(agency, parent=None)
    with pytest.raises(ValidationError):
        services.update_agency(agency, code="sai mã")


def test_deactivate_agency_closes_the_subtree_only():
    a, a1, a2 = chain(3)
    sibling = AgencyFactory(parent=a)
    assert services.deactivate_agency(a1) == 2
    assert set(Agency.objects.active()) == {a, sibling}
    assert services.deactivate_agency(a1) == 0


def test_each_change_leaves_an_audit_record_scoped_to_the_agency():
    actor = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    parent, target = AgencyFactory(), AgencyFactory()
    agency = services.create_agency(
        code="G01",
        name="Sở Mới",
        abbreviation="SM",
        kind=Agency.Kind.PROVINCIAL_DEPARTMENT,
        administrative_unit=parent.administrative_unit,
        parent=parent,
        actor=actor,
    )
    services.update_agency(agency, name="Sở Mới Đổi Tên", actor=actor)
    services.move_agency(agency, target, actor=actor)
    services.deactivate_agency(agency, actor=actor)
    services.deactivate_agency(agency, actor=actor)  # nothing left to close: no record
    records = list(AuditRecord.objects.filter(object_type="agencies.agency").order_by("id"))
    assert [r.action for r in records] == ["agency.created", "agency.updated", "agency.moved", "agency.deactivated"]
    assert all(r.agency_id == agency.pk and r.actor_id == actor.pk for r in records)
    assert records[1].before == {"name": "Sở Mới"} and records[1].after == {"name": "Sở Mới Đổi Tên"}
    assert records[2].after["parent"] == target.pk
