"""Inboxes: who sees which dossiers, filters, diacritic-insensitive search, pagination, bounded queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.accounts.models import Role
from egov.dossiers.models import Channel
from egov.dossiers.transitions import Status
from factories import StaffUserFactory, UserFactory

from .factories import DossierFactory, ProcedureFactory, SectorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("dossiers.urls_for_tests")]


def codes(response) -> set[str]:
    return {d.code for d in response.context["page"]}


def test_url_names():
    assert reverse("dossiers:receive") == "/mot-cua/tiep-nhan/"
    assert reverse("dossiers:detail", args=[5]) == "/mot-cua/ho-so/5/"


def test_anonymous_is_sent_to_sign_in_and_citizen_refused(client):
    url = reverse("dossiers:search")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_box_needs_one_of_its_roles(world, staff_client):
    client = staff_client(world.specialist)
    assert client.get(reverse("dossiers:receive")).status_code == 403
    assert client.get(reverse("dossiers:return")).status_code == 403
    assert client.get(reverse("dossiers:process")).status_code == 200


def test_home_redirects_to_the_first_box_of_the_roles(world, staff_client):
    assert staff_client(world.officer).get(reverse("dossiers:home"))["Location"] == reverse("dossiers:receive")
    assert staff_client(world.leader).get(reverse("dossiers:home"))["Location"] == reverse("dossiers:process")


def test_receive_box_lists_online_dossiers_at_the_desk_and_transfers_to_the_unit(world, staff_client):
    online = world.dossier(status=Status.NEW, channel=Channel.ONLINE, code="", received_at=None, due_at=None)
    online.code = None
    online.save()
    transferred = world.dossier(status=Status.TRANSFERRED, current_unit=world.so, code="T-1")
    world.dossier(status=Status.RECEIVED, code="R-1")
    officer_page = staff_client(world.officer).get(reverse("dossiers:receive"))
    assert [d.pk for d in officer_page.context["page"]] == [online.pk]
    assert "Hồ sơ trực tuyến #" in officer_page.content.decode()
    assert 'href="/mot-cua/tiep-nhan/truc-tiep/"' in officer_page.content.decode()
    clerk_page = staff_client(world.clerk).get(reverse("dossiers:receive"))
    assert [d.pk for d in clerk_page.context["page"]] == [transferred.pk]
    assert "tiep-nhan/truc-tiep" not in clerk_page.content.decode()


def test_process_box_follows_the_current_unit_and_handler(world, staff_client):
    at_desk = world.dossier(status=Status.RECEIVED, code="A-1")
    at_so = world.dossier(status=Status.RECEIVED, current_unit=world.so, code="A-2")
    assigned = world.dossier(status=Status.ASSIGNED, current_unit=world.dept, code="A-3")
    mine = world.dossier(
        status=Status.IN_APPRAISAL, current_unit=world.dept, current_handler=world.specialist, code="A-4"
    )
    world.dossier(status=Status.IN_APPRAISAL, current_unit=world.dept, current_handler=world.specialist2, code="A-5")
    waiting = world.dossier(status=Status.SUPPLEMENT_REQUESTED, current_unit=world.dept, code="A-6")
    assert codes(staff_client(world.officer).get(reverse("dossiers:process"))) == {at_desk.code, waiting.code}
    assert codes(staff_client(world.clerk).get(reverse("dossiers:process"))) == {at_so.code}
    assert codes(staff_client(world.head).get(reverse("dossiers:process"))) == {assigned.code, mine.code, "A-5"}
    assert codes(staff_client(world.specialist).get(reverse("dossiers:process"))) == {mine.code}


def test_approve_return_and_overdue_boxes(world, staff_client):
    now = timezone.now()
    awaiting = world.dossier(status=Status.AWAITING_APPROVAL, current_unit=world.dept, code="B-1")
    ready = world.dossier(status=Status.RESULT_READY, current_unit=world.centre, code="B-2")
    late = world.dossier(
        status=Status.IN_APPRAISAL, current_unit=world.dept, due_at=now - timedelta(hours=1), code="B-3"
    )
    world.dossier(status=Status.RETURNED, due_at=now - timedelta(days=3), code="B-4")  # finished: not overdue
    assert codes(staff_client(world.leader).get(reverse("dossiers:approve"))) == {awaiting.code}
    assert codes(staff_client(world.officer).get(reverse("dossiers:return"))) == {ready.code}
    page = staff_client(world.officer).get(reverse("dossiers:overdue"))
    assert codes(page) == {late.code}
    assert "Quá hạn" in page.content.decode()


def test_scope_hides_other_agencies_dossiers(world, staff_client):
    world.dossier(code="MINE-1")
    DossierFactory(code="OTHER-1")
    assert codes(staff_client(world.officer).get(reverse("dossiers:search"))) == {"MINE-1"}
    admin = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    assert codes(staff_client(admin).get(reverse("dossiers:search"))) == {"MINE-1", "OTHER-1"}


def test_search_ignores_diacritics_and_matches_code(world, staff_client):
    world.dossier(applicant_name="Nguyễn Thị Hồng Nhung", code="000.00.20.K98-260105-0007")
    world.dossier(applicant_name="Trần Văn Đức", code="000.00.20.K98-260105-0008")
    client = staff_client(world.officer)
    url = reverse("dossiers:search")
    assert codes(client.get(url, {"q": "nguyen thi hong"})) == {"000.00.20.K98-260105-0007"}
    assert codes(client.get(url, {"q": "DUC"})) == {"000.00.20.K98-260105-0008"}
    assert codes(client.get(url, {"q": "260105-0008"})) == {"000.00.20.K98-260105-0008"}


def test_filters_by_status_procedure_sector_and_due_date(world, staff_client):
    now = timezone.now()
    other_sector = SectorFactory(name="Đất đai")
    land = ProcedureFactory(onestop=True, sector=other_sector, agencies=[world.so])
    world.dossier(code="F-1", status=Status.RECEIVED, due_at=now + timedelta(days=2))
    world.dossier(code="F-2", status=Status.IN_APPRAISAL, procedure=land, due_at=now + timedelta(days=20))
    world.dossier(code="F-3", status=Status.IN_APPRAISAL, due_at=now + timedelta(hours=1))
    client = staff_client(world.officer)
    url = reverse("dossiers:search")
    assert codes(client.get(url, {"status": Status.IN_APPRAISAL})) == {"F-2", "F-3"}
    assert codes(client.get(url, {"procedure": land.pk})) == {"F-2"}
    assert codes(client.get(url, {"sector": other_sector.pk})) == {"F-2"}
    later = timezone.localdate(now + timedelta(days=10)).isoformat()
    assert codes(client.get(url, {"due_from": later})) == {"F-2"}
    assert "F-3" in codes(client.get(url, {"flag": "due_soon"}))
    assert "F-2" not in codes(client.get(url, {"flag": "due_soon"}))


def test_bad_filter_shows_a_vietnamese_error_and_no_rows(world, staff_client):
    world.dossier(code="G-1")
    response = staff_client(world.officer).get(
        reverse("dossiers:search"), {"due_from": "2026-05-10", "due_to": "2026-05-01"}
    )
    assert codes(response) == set()
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()


def test_pages_of_25(world, staff_client):
    for n in range(27):
        world.dossier(code=f"P-{n:02d}")
    client = staff_client(world.officer)
    first = client.get(reverse("dossiers:search"))
    assert len(first.context["page"]) == 25 and first.context["page"].paginator.num_pages == 2
    assert len(client.get(reverse("dossiers:search"), {"page": 2}).context["page"]) == 2


@pytest.mark.parametrize(
    "url_name,role_user,status",
    [
        ("dossiers:receive", "officer", Status.NEW),
        ("dossiers:process", "head", Status.ASSIGNED),
        ("dossiers:approve", "leader", Status.AWAITING_APPROVAL),
        ("dossiers:return", "officer", Status.RESULT_READY),
        ("dossiers:overdue", "officer", Status.IN_APPRAISAL),
        ("dossiers:search", "officer", Status.RECEIVED),
    ],
)
def test_inbox_queries_do_not_grow_with_the_number_of_dossiers(
    world, staff_client, django_assert_max_num_queries, url_name, role_user, status
):
    unit = {"head": world.dept, "leader": world.dept}.get(role_user, world.centre)
    due = timezone.now() - timedelta(hours=2)
    client = staff_client(getattr(world, role_user))

    def seed(count):
        for _ in range(count):
            world.dossier(status=status, current_unit=unit, due_at=due, current_handler=world.specialist)

    seed(3)
    with django_assert_max_num_queries(15) as few:
        response = client.get(reverse(url_name))
    assert len(response.context["page"]) == 3
    few_count = len(few.captured_queries)  # read now: each request resets the connection's query log
    seed(27)
    with django_assert_max_num_queries(few_count):
        response = client.get(reverse(url_name))
    assert len(response.context["page"]) == 25


def test_a_provincial_leader_does_not_work_the_in_trays_of_the_sos(world, staff_client):
    world.dossier(status=Status.RECEIVED, current_unit=world.so, code="S-1")
    provincial_leader = world.staff(Role.AGENCY_LEADER, world.ubnd)
    client = staff_client(provincial_leader)
    assert codes(client.get(reverse("dossiers:process"))) == set()
    assert codes(client.get(reverse("dossiers:search"))) == {"S-1"}  # he still sees it
    assert codes(staff_client(world.leader).get(reverse("dossiers:process"))) == {"S-1"}
