"""An agency works with the roles it really has (issue 13, item 3): a unit without a head is assigned by
the leader or the one-stop officer, or its specialist picks the dossier up; a single-officer commune
handles the dossier and presents it to its chairman. All of it read from the transition table."""

import pytest
from django.urls import reverse

from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.dossiers import services
from egov.dossiers.services import DossierError
from egov.dossiers.transitions import (
    SOLE_OFFICER,
    STAND_IN_HEAD,
    UNIT_SPECIALIST,
    Status,
    acting_roles,
    available_actions,
)

from .factories import ProcedureFactory


class Commune:
    def __init__(self, w, *, with_specialist=True, with_head=False):
        self.w = w
        self.dept = w.agency("000.03.31.K98", "Phòng Văn hóa - Xã hội", Agency.Kind.DEPARTMENT, w.ubnd_xa)
        self.dept.administrative_unit = w.commune_unit
        self.dept.save()
        self.chairman = w.staff(Role.AGENCY_LEADER, w.ubnd_xa, name="Võ Văn Chủ Tịch")
        self.officer = w.commune_officer
        self.specialist = (
            w.staff(Role.SPECIALIST, w.ubnd_xa, self.dept, name="Đặng Minh Trí") if with_specialist else None
        )
        self.head = w.staff(Role.DEPARTMENT_HEAD, w.ubnd_xa, self.dept) if with_head else None
        self.procedure = ProcedureFactory(
            onestop=True, name="Đăng ký khai sinh", agencies=[w.ubnd_xa], processing_time=1
        )

    def receive(self):
        intake = self.w.intake(procedure=self.procedure, papers=[])
        return services.receive(intake, officer=self.officer, receiving_agency=self.w.commune_centre)

    def assigned(self):
        return services.assign(self.receive(), actor=self.officer, department=self.dept)


def actions(dossier, user):
    return [t.action for t in available_actions(dossier.status, acting_roles(dossier, user))]


def test_the_specialist_of_a_unit_without_head_picks_the_dossier_up_and_the_chairman_approves(world):
    c = Commune(world)
    d = c.assigned()
    assert UNIT_SPECIALIST in acting_roles(d, c.specialist)
    assert "pick_up" in actions(d, c.specialist)
    d = services.pick_up(d, actor=c.specialist)
    assert d.status == Status.IN_APPRAISAL and d.current_handler == c.specialist
    d = services.submit_for_approval(d, actor=c.specialist)
    assert "approve" in actions(d, c.chairman)
    d = services.approve(d, actor=c.chairman, result_title="Giấy khai sinh")
    d = services.return_result(d, actor=c.officer)
    assert d.status == Status.RETURNED


@pytest.mark.parametrize("who", ["chairman", "officer"])
def test_the_leader_or_the_one_stop_officer_assigns_in_place_of_a_missing_head(world, who):
    c = Commune(world)
    d = c.assigned()
    actor = getattr(c, who)
    assert STAND_IN_HEAD in acting_roles(d, actor) and "assign_specialist" in actions(d, actor)
    d = services.assign_specialist(d, actor=actor, specialist=c.specialist)
    assert d.status == Status.IN_APPRAISAL and d.current_handler == c.specialist


def test_with_a_head_nobody_stands_in_and_the_specialist_waits_for_assignment(world):
    c = Commune(world, with_head=True)
    d = c.assigned()
    assert "pick_up" not in actions(d, c.specialist)
    assert "assign_specialist" not in actions(d, c.chairman)
    with pytest.raises(DossierError):
        services.pick_up(d, actor=c.specialist)
    with pytest.raises(DossierError):
        services.assign_specialist(d, actor=c.officer, specialist=c.specialist)
    d = services.assign_specialist(d, actor=c.head, specialist=c.specialist)
    assert d.status == Status.IN_APPRAISAL


def test_a_provincial_officer_never_stands_in_for_a_sos_head(world):
    w = world
    d = services.assign(w.receive(), actor=w.officer, department=w.dept2)  # Phòng Bổ trợ tư pháp: no head
    assert STAND_IN_HEAD not in acting_roles(d, w.officer)  # the provincial centre is not inside the Sở
    assert STAND_IN_HEAD in acting_roles(d, w.leader)


def test_a_single_officer_commune_handles_and_presents_to_its_chairman(world):
    c = Commune(world, with_specialist=False)
    d = c.receive()
    assert SOLE_OFFICER in acting_roles(d, c.officer) and "handle" in actions(d, c.officer)
    d = services.handle(d, actor=c.officer)
    assert d.status == Status.IN_APPRAISAL and d.current_handler == c.officer
    d = services.submit_for_approval(d, actor=c.officer)
    d = services.approve(d, actor=c.chairman, result_title="Giấy khai sinh")
    assert services.return_result(d, actor=c.officer).status == Status.RETURNED


def test_an_agency_with_specialists_has_no_sole_officer(world):
    c = Commune(world)
    d = c.receive()
    assert "handle" not in actions(d, c.officer)
    with pytest.raises(DossierError):
        services.handle(d, actor=c.officer)


def test_the_pages_offer_the_dossier_roles_actions_and_the_inbox_lists_them(world, staff_client):
    c = Commune(world)
    d = c.assigned()
    client = staff_client(c.specialist)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert "Nhận thụ lý hồ sơ" in page
    assert d.code in client.get(reverse("dossiers:process")).content.decode()
    response = client.post(reverse("dossiers:action", args=[d.pk, "pick_up"]))
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.current_handler == c.specialist
    # the API offers the same, from the same table
    client = staff_client(c.chairman)
    d2 = c.assigned()
    assert d2.code in client.get(reverse("dossiers:process")).content.decode()
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(c.chairman)
    offered = api.get(f"/api/v1/dossiers/{d2.pk}/actions/").json()
    assert "assign_specialist" in [a["action"] for a in offered]
