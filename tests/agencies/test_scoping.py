"""The permission matrix of docs/permissions.md, checked on Official (an AgencyScopedQuerySet model)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.accounts.models import AGENCY_WIDE_ROLES, UNIT_ROLES, Role, StaffRole, User
from egov.agencies.models import Agency, Official
from egov.agencies.scoping import visible_agencies
from egov.agencies.services import move_agency
from factories import AgencyFactory, DepartmentFactory, OfficialFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_ROLES = sorted(AGENCY_WIDE_ROLES | UNIT_ROLES)


@pytest.fixture
def tree():
    """root (UBND) -> A (Sở) -> A1, A2 (phòng); root -> B (Sở) -> B1 (phòng); one official in each unit."""
    root = AgencyFactory(kind=Agency.Kind.PEOPLES_COMMITTEE, name="UBND tỉnh")
    a = AgencyFactory(parent=root, administrative_unit=root.administrative_unit)
    b = AgencyFactory(parent=root, administrative_unit=root.administrative_unit)
    a1, a2 = DepartmentFactory(parent=a), DepartmentFactory(parent=a)
    b1 = DepartmentFactory(parent=b)
    officials = {
        "root": OfficialFactory(agency=root),
        "A": OfficialFactory(agency=a),
        "A1": OfficialFactory(agency=a, department=a1),
        "A2": OfficialFactory(agency=a, department=a2),
        "B": OfficialFactory(agency=b),
        "B1": OfficialFactory(agency=b, department=b1),
    }
    return {"root": root, "A": a, "A1": a1, "A2": a2, "B": b, "B1": b1, "officials": officials}


def staff(official, *roles, **extra):
    return StaffUserFactory(official=official, roles=list(roles), **extra)


def seen(user) -> set[str]:
    """Which of the tree's officials ``user`` sees, by unit label."""
    return {o.full_name for o in Official.objects.for_user(user)}


def labels(tree, *names) -> set[str]:
    return {tree["officials"][name].full_name for name in names}


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("unit", ["A", "A1"])
def test_a_user_of_agency_a_never_sees_agency_b(tree, role, unit):
    user = staff(OfficialFactory(agency=tree["A"], department=tree["A1"] if unit == "A1" else None), role)
    visible = seen(user)
    assert not visible & labels(tree, "B", "B1", "root")
    assert Official.objects.for_user(user).filter(agency=tree["B"]).count() == 0


@pytest.mark.parametrize("role", sorted(AGENCY_WIDE_ROLES))
def test_agency_wide_roles_see_the_agency_and_its_departments(tree, role):
    user = staff(tree["officials"]["A1"], role)
    assert seen(user) == labels(tree, "A", "A1", "A2")


def test_a_leader_sees_his_agencys_departments(tree):
    leader = staff(tree["officials"]["A"], Role.AGENCY_LEADER)
    assert seen(leader) == labels(tree, "A", "A1", "A2")
    assert set(visible_agencies(leader)) == {tree["A"], tree["A1"], tree["A2"]}


@pytest.mark.parametrize("role", sorted(UNIT_ROLES))
def test_unit_roles_see_only_their_department(tree, role):
    user = staff(tree["officials"]["A1"], role)
    assert seen(user) == labels(tree, "A1")
    assert set(visible_agencies(user)) == {tree["A1"]}


def test_a_specialist_without_a_department_sees_his_agency(tree):
    user = staff(tree["officials"]["A"], Role.SPECIALIST)
    assert seen(user) == labels(tree, "A", "A1", "A2")


def test_the_widest_role_wins(tree):
    user = staff(tree["officials"]["A1"], Role.SPECIALIST, Role.CLERK)
    assert seen(user) == labels(tree, "A", "A1", "A2")


def test_a_leader_of_the_peoples_committee_sees_the_whole_tree_below_it(tree):
    other_province = OfficialFactory(agency=AgencyFactory())
    leader = staff(tree["officials"]["root"], Role.AGENCY_LEADER)
    assert seen(leader) == labels(tree, "root", "A", "A1", "A2", "B", "B1")
    assert other_province.full_name not in seen(leader)


def test_system_admin_sees_everything(tree):
    user = staff(tree["officials"]["B1"], Role.SYSTEM_ADMIN)
    assert Official.objects.for_user(user).count() == Official.objects.count()
    assert visible_agencies(user).count() == Agency.objects.count()


def test_a_superuser_sees_everything(tree):
    user = UserFactory(kind=User.Kind.STAFF, official=tree["officials"]["B1"], is_superuser=True)
    assert Official.objects.for_user(user).count() == Official.objects.count()


def test_system_admin_needs_no_official(tree):
    user = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=Role.SYSTEM_ADMIN)
    assert Official.objects.for_user(user).count() == Official.objects.count()


@pytest.mark.parametrize("kind", [User.Kind.CITIZEN, User.Kind.BUSINESS])
@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AGENCY_LEADER])
def test_citizens_and_businesses_see_nothing_whatever_their_roles(tree, kind, role):
    user = staff(tree["officials"]["A"], role, kind=kind)
    assert seen(user) == set()
    assert not visible_agencies(user).exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, *STAFF_ROLES])
def test_an_inactive_user_sees_nothing(tree, role):
    user = staff(tree["officials"]["A"], role, is_active=False)
    assert seen(user) == set()


def test_a_staff_user_without_roles_sees_nothing(tree):
    user = UserFactory(kind=User.Kind.STAFF, official=tree["officials"]["A"])
    assert seen(user) == set()


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_a_staff_user_without_an_official_record_sees_nothing(tree, role):
    user = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role)
    assert seen(user) == set()


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_anonymous_sees_nothing(tree, user):
    assert not Official.objects.for_user(user).exists()
    assert not visible_agencies(user).exists()


def test_scope_follows_a_move_of_the_agency(tree):
    """Scopes are paths; moving B under A puts B's records in A's scope (for users loaded afterwards)."""
    move_agency(tree["B"], tree["A"])
    leader = staff(tree["officials"]["A"], Role.AGENCY_LEADER)
    assert seen(leader) == labels(tree, "A", "A1", "A2", "B", "B1")


def test_for_user_costs_a_bounded_number_of_queries(tree, django_assert_max_num_queries):
    user = User.objects.get(pk=staff(tree["officials"]["A1"], Role.CLERK).pk)
    with django_assert_max_num_queries(5):  # roles, official, its agency, visible ids, the rows
        list(Official.objects.for_user(user))
    with django_assert_max_num_queries(1):  # everything is cached on the user object now
        list(Official.objects.for_user(user))


# --- Property: over random small trees and random moves, for_user agrees with a plain Python model -----------


@st.composite
def forests(draw):
    """Parents (index or None) and a department flag for up to 8 nodes; a department always has a parent."""
    size = draw(st.integers(1, 8))
    parents: list[int | None] = [None]
    for index in range(1, size):
        parents.append(draw(st.none() | st.integers(0, index - 1)))
    departments = [parent is not None and draw(st.booleans()) for parent in parents]
    moves = draw(st.lists(st.tuples(st.integers(0, size - 1), st.none() | st.integers(0, size - 1)), max_size=3))
    viewer = draw(st.integers(0, size - 1))
    role = draw(st.sampled_from([Role.SYSTEM_ADMIN, *STAFF_ROLES, None]))
    return parents, departments, moves, viewer, role


def _subtree(parents: list[int | None], node: int) -> set[int]:
    found, changed = {node}, True
    while changed:
        changed = False
        for child, parent in enumerate(parents):
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return found


def _expected(placements, parents, viewer, role) -> set[int]:
    """Indexes of the officials a user working at ``placements[viewer]`` with ``role`` may see."""
    if role is None:
        return set()
    if role == Role.SYSTEM_ADMIN:
        return set(range(len(placements)))
    agency, department = placements[viewer]
    root = department if role in UNIT_ROLES and department is not None else agency
    visible = _subtree(parents, root)
    return {i for i, (a, d) in enumerate(placements) if a in visible or d in visible}


def _check_paths(nodes, parents):
    by_pk = {a.pk: a for a in Agency.objects.all()}
    for index, agency in enumerate(nodes):
        parent = parents[index]
        prefix = by_pk[nodes[parent].pk].path if parent is not None else "/"
        assert by_pk[agency.pk].path == f"{prefix}{agency.pk}/"


def _move_randomly(nodes, parents, departments, moves):
    for node, new_parent in moves:
        target = nodes[new_parent] if new_parent is not None else None
        cycle = new_parent is not None and new_parent in _subtree(parents, node)
        if cycle or (new_parent is None and departments[node]):
            with pytest.raises(ValidationError):
                move_agency(nodes[node], target)
        else:
            move_agency(nodes[node], target)
            parents[node] = new_parent


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(forest=forests())
def test_for_user_matches_the_tree_model(forest):
    parents, departments, moves, viewer, role = forest
    parents = list(parents)
    with transaction.atomic():
        nodes: list[Agency] = []
        for index, parent in enumerate(parents):
            kind = Agency.Kind.DEPARTMENT if departments[index] else Agency.Kind.PROVINCIAL_DEPARTMENT
            nodes.append(AgencyFactory(parent=nodes[parent] if parent is not None else None, kind=kind))
        # An official works in each node: a department's official belongs to the department's parent.
        placements = [(parents[i], i) if departments[i] else (i, None) for i in range(len(nodes))]
        officials = [
            OfficialFactory(agency=nodes[a], department=nodes[d] if d is not None else None) for a, d in placements
        ]
        _move_randomly(nodes, parents, departments, moves)
        _check_paths(nodes, parents)

        if role is None:
            user = UserFactory(kind=User.Kind.STAFF, official=officials[viewer])
        else:
            user = StaffUserFactory(official=officials[viewer], roles=[role])
        user = User.objects.get(pk=user.pk)  # as a request would load it: after the moves
        got = {officials.index(o) for o in Official.objects.for_user(user)}
        assert got == _expected(placements, parents, viewer, role)
        transaction.set_rollback(True)
