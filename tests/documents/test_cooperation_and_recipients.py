"""Cooperating units finish their part; recipients can change until issue; the sender hears of the receipt."""

import pytest
from django.urls import reverse

from egov.documents import services
from egov.documents.models import Assignment, IncomingDocument
from egov.events.dispatcher import deliver_due
from egov.notifications.models import Notification
from factories import AgencyFactory

from .factories import at
from .test_outgoing import _approve, _issued, draft

pytestmark = pytest.mark.django_db


def test_a_cooperating_unit_finishes_its_part_and_the_lead_is_told(world):
    a = world.a
    other = AgencyFactory(
        code="000.00.11.H97X", name="Thanh tra Sở", abbreviation="TTr", parent=a.agency, kind="department"
    )
    doc = services.register_incoming(world.incoming_data(), clerk=a.clerk)
    services.assign(doc, actor=a.leader, lead_unit=other, cooperating=[a.dept])
    assert services.open_part_of(doc, a.spec1) is not None
    with pytest.raises(services.DocumentError, match="phần phối hợp"):
        services.finish_part(doc, actor=a.leader)
    doc = services.finish_part(doc, actor=a.spec1, note="Đã góp ý dự thảo")
    part = doc.assignments.get(kind=Assignment.Kind.COOPERATE)
    assert part.status == Assignment.Status.DONE and part.done_at
    assert doc.status == "assigned" and doc.progress_notes.get().text == "Đã góp ý dự thảo"
    with pytest.raises(services.DocumentError, match="phần phối hợp"):
        services.finish_part(doc, actor=a.head)  # already done
    assert doc.trail.filter(action="finish_part", to_unit=a.dept).exists()


def test_the_document_page_offers_finish_part_only_to_the_cooperating_unit(world, client):
    a = world.a
    lead = AgencyFactory(
        code="000.00.11.H97Y", name="Văn phòng Sở", abbreviation="VP", parent=a.agency, kind="department"
    )
    doc = services.register_incoming(world.incoming_data(), clerk=a.clerk)
    services.assign(doc, actor=a.leader, lead_unit=lead, cooperating=[a.dept])
    url = reverse("documents:incoming-detail", args=[doc.pk])
    client.force_login(a.spec1)
    button = "Hoàn thành phần phối hợp</button>"
    assert button in client.get(url).content.decode()
    client.post(reverse("documents:incoming-action", args=[doc.pk, "finish_part"]), {"note": "Xong"})
    assert button not in client.get(url).content.decode()
    client.force_login(a.leader)
    assert button not in client.get(url).content.decode()


def test_recipients_can_change_until_issue(world, client):
    a = world.a
    doc = draft(world)
    doc = services.set_recipients(
        doc, actor=a.spec1, internal_recipients=[world.c.agency], external_recipients="Bộ Nội vụ\n\n"
    )
    assert list(doc.internal_recipients.all()) == [world.c.agency] and doc.external_recipients == "Bộ Nội vụ"
    with pytest.raises(services.DocumentError, match="phòng ban"):
        services.set_recipients(doc, actor=a.spec1, internal_recipients=[world.b.dept])
    client.force_login(a.spec1)
    url = reverse("documents:outgoing-recipients", args=[doc.pk])
    assert url in client.get(reverse("documents:outgoing-detail", args=[doc.pk])).content.decode()
    response = client.post(url, {"internal_recipients": [world.b.agency.pk], "external_recipients": "Báo Văn Thư"})
    assert response.status_code == 302
    doc = services.issue(_approve(world, doc), actor=a.clerk, now=at(2026, 4, 6, 9, 0))
    assert [c.agency for c in IncomingDocument.objects.filter(origin=doc)] == [world.b.agency]
    assert {d.recipient_name for d in doc.dispatches.all()} == {world.b.agency.name, "Báo Văn Thư"}
    with pytest.raises(services.DocumentError, match="trạng thái"):
        services.set_recipients(doc, actor=a.clerk, internal_recipients=[])


def test_the_drafter_is_told_when_a_recipient_registers_the_copy(world):
    doc = _issued(world)
    copy = IncomingDocument.objects.get(origin=doc, agency=world.b.agency)
    services.register_received(copy, clerk=world.b.clerk)
    deliver_due()
    [note] = Notification.objects.filter(user=world.a.spec1, title__contains="đã vào sổ")
    assert world.b.agency.name in note.title and "số đến 1" in note.title
    assert note.url == reverse("documents:outgoing-detail", args=[doc.pk])
