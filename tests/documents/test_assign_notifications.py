"""Issue 13 item 5: assigning a document to units with no person chosen notifies the heads of the lead unit and of
each cooperating unit, in the system and by e-mail; the leader may also pick a person or a deputy."""

import pytest
from django.urls import reverse

from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.documents import services
from egov.documents.models import Assignment
from egov.events.dispatcher import deliver_due
from egov.notifications.models import Message, Notification
from factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal(world):
    """A second department of the Sở Tư pháp with its head and a specialist."""
    a = world.a
    dept = AgencyFactory(
        code="000.00.11.H97.PC",
        name="Phòng Pháp chế",
        abbreviation="PC",
        kind=Agency.Kind.DEPARTMENT,
        parent=a.agency,
        administrative_unit=world.province,
    )
    head = world.user("truongphong.pc", a.agency, dept, Role.DEPARTMENT_HEAD, "Trưởng phòng")
    spec = world.user("chuyenvien.pc", a.agency, dept, Role.SPECIALIST, "Chuyên viên")
    return dept, head, spec


def _registered(world):
    """A presented document; the notices of registering and presenting it are delivered and cleared."""
    doc = services.register_incoming(world.incoming_data(), clerk=world.a.clerk)
    doc = services.present(doc, actor=world.a.clerk)
    deliver_due()
    Notification.objects.all().delete()
    Message.objects.all().delete()
    return doc


def _told(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def _mailed(user):
    return list(
        Message.objects.filter(channel=Message.Channel.EMAIL, recipient=user.email).values_list("subject", flat=True)
    )


def test_units_without_a_person_notify_their_heads_in_the_system_and_by_email(world, legal):
    a = world.a
    dept, legal_head, legal_spec = legal
    doc = _registered(world)
    services.assign(doc, actor=a.leader, lead_unit=a.dept, cooperating=[dept], direction="Đề nghị tham mưu")
    deliver_due()

    lead_titles, cooperate_titles = _told(a.head), _told(legal_head)
    assert lead_titles == ["Văn bản được giao xử lý (chủ trì): 15/QĐ-BTP (Phòng Kế toán STP)"]
    assert cooperate_titles == ["Văn bản được giao phối hợp xử lý: 15/QĐ-BTP (Phòng Pháp chế)"]
    assert _mailed(a.head) == lead_titles and _mailed(legal_head) == cooperate_titles
    body = Message.objects.get(recipient=a.head.email).body
    assert f"/van-ban/den/{doc.pk}/" in body and doc.subject in body
    assert _told(a.spec1) == [] and _told(legal_spec) == []  # their heads give the work out
    deliver_due()
    assert len(_told(a.head)) == 1  # delivered once


def test_a_person_chosen_is_notified_instead_of_the_head(world, legal):
    a = world.a
    dept, legal_head, legal_spec = legal
    doc = _registered(world)
    services.assign(doc, actor=a.leader, lead_user=a.spec1, cooperating=[dept])
    deliver_due()
    assert _told(a.spec1) == ["Văn bản được giao xử lý (chủ trì): 15/QĐ-BTP"]
    assert not any("giao xử lý" in t for t in _told(a.head))
    assert _told(legal_head) == ["Văn bản được giao phối hợp xử lý: 15/QĐ-BTP (Phòng Pháp chế)"]


def test_the_leader_picks_a_deputy_or_a_person_on_the_assign_page(world, client):
    a = world.a
    deputy = world.user("phogiamdoc.stp", a.agency, None, Role.AGENCY_LEADER, "Phó Giám đốc")
    doc = _registered(world)
    client.force_login(a.leader)
    url = reverse("documents:incoming-assign", args=[doc.pk])
    page = client.get(url).content.decode()
    assert "Người chủ trì" in page and "Phó Giám đốc" in page

    response = client.post(url, {"lead_user": deputy.pk, "direction": "Giao đồng chí Phó Giám đốc chủ trì"})
    assert response.status_code == 302, response.content.decode()
    doc.refresh_from_db()
    assert (doc.lead_user, doc.lead_unit) == (deputy, a.agency)
    deliver_due()
    assert _told(deputy) == ["Văn bản được giao xử lý (chủ trì): 15/QĐ-BTP"]
    assert _mailed(deputy) == _told(deputy)


def test_a_person_without_a_unit_takes_the_persons_unit_and_nothing_chosen_is_refused(world, client):
    a = world.a
    doc = _registered(world)
    client.force_login(a.leader)
    url = reverse("documents:incoming-assign", args=[doc.pk])
    refused = client.post(url, {"direction": "x"})
    assert refused.status_code == 200 and "Cần chọn đơn vị chủ trì hoặc người chủ trì" in refused.content.decode()
    assert client.post(url, {"lead_user": a.spec2.pk}).status_code == 302
    lead = Assignment.objects.get(document=doc, kind=Assignment.Kind.LEAD)
    assert (lead.unit, lead.user) == (a.dept, a.spec2)
