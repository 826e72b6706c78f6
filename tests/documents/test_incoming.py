"""Incoming documents from registration to done (Decree 30/2020, art. 20-24)."""

from datetime import date

import pytest

from egov.audit.models import AuditRecord
from egov.documents import services
from egov.documents.models import Assignment, IncomingDocument, Urgency
from egov.documents.transitions import IncomingStatus, available_actions
from egov.events.models import OutboxEvent

from .factories import at

pytestmark = pytest.mark.django_db


def register(world, org=None, **overrides):
    org = org or world.a
    return services.register_incoming(world.incoming_data(**overrides), clerk=org.clerk, now=at(2026, 3, 3, 8, 0))


def test_incoming_from_registration_to_done_with_reassignment_and_overdue(world):
    a = world.a
    doc = register(world, deadline=date(2026, 3, 20), urgency=Urgency.FLASH)
    assert doc.status == IncomingStatus.REGISTERED and doc.arrival_number == 1 and doc.is_urgent
    assert doc.register.year == 2026 and doc.arrival_date == at(2026, 3, 3, 8, 0)

    doc = services.present(doc, actor=a.clerk, leader=a.leader, now=at(2026, 3, 3, 8, 30))
    assert doc.status == IncomingStatus.PRESENTED

    doc = services.assign(
        doc,
        actor=a.leader,
        lead_unit=a.dept,
        lead_user=a.spec1,
        for_information=[a.agency],
        direction="Phòng Kế toán chủ trì, báo cáo trước ngày 10/3",
        deadline=date(2026, 3, 10),
        now=at(2026, 3, 3, 9, 0),
    )
    assert doc.status == IncomingStatus.ASSIGNED and doc.lead_user == a.spec1 and doc.deadline == date(2026, 3, 10)
    assert {(x.kind, x.unit_id) for x in doc.assignments.all()} == {
        (Assignment.Kind.LEAD, a.dept.pk),
        (Assignment.Kind.INFORM, a.agency.pk),
    }

    doc = services.reassign_within_unit(
        doc, actor=a.head, to_user=a.spec2, note="Đồng chí Hai xử lý", now=at(2026, 3, 4, 8, 0)
    )
    assert doc.lead_user == a.spec2 and doc.status == IncomingStatus.ASSIGNED
    assert IncomingDocument.objects.for_user(a.spec2).filter(pk=doc.pk).exists()

    doc = services.record_progress(doc, actor=a.spec2, text="Đã dự thảo báo cáo", now=at(2026, 3, 9, 10, 0))
    assert doc.status == IncomingStatus.IN_PROGRESS and doc.progress_notes.get().author == a.spec2

    # On 11 March the document is overdue: the clerk and the leaders see it.
    assert list(IncomingDocument.objects.for_user(a.leader).overdue(date(2026, 3, 11))) == [doc]
    assert not IncomingDocument.objects.overdue(date(2026, 3, 10)).exists()

    with pytest.raises(services.DocumentError):
        services.mark_done(doc, actor=a.spec1)  # no longer the lead handler
    doc = services.mark_done(doc, actor=a.spec2, now=at(2026, 3, 12, 16, 0))
    assert doc.status == IncomingStatus.DONE and doc.done_late and doc.is_overdue
    assert not doc.assignments.filter(kind=Assignment.Kind.LEAD, status=Assignment.Status.OPEN).exists()
    assert list(doc.trail.values_list("action", flat=True)) == [
        "register",
        "present",
        "assign",
        "reassign",
        "record_progress",
        "mark_done",
    ]
    assert AuditRecord.objects.filter(action="document.incoming.mark_done", object_id=str(doc.pk)).exists()
    assert OutboxEvent.objects.filter(topic="document.incoming.assign").count() == 1


def test_arrival_numbers_run_through_the_year_for_paper_and_electronic(world):
    first = register(world, channel="paper")
    second = register(world, notation="16/QĐ-BTP")
    assert (first.arrival_number, second.arrival_number) == (1, 2) and first.register == second.register


def test_duplicate_registration_is_warned_and_can_be_confirmed(world):
    first = register(world)
    with pytest.raises(services.DuplicateDocumentWarning) as warning:
        register(world)
    assert warning.value.duplicates == [first]
    assert "15/QĐ-BTP" in warning.value.messages[0]
    second = services.register_incoming(world.incoming_data(), clerk=world.a.clerk, allow_duplicate=True)
    assert second.arrival_number == 2
    # Another agency registering the same document is no duplicate.
    assert register(world, org=world.b).arrival_number == 1


def test_invalid_metadata_is_refused_in_vietnamese(world):
    with pytest.raises(services.DocumentError, match="trích yếu"):
        register(world, subject="  ")
    with pytest.raises(services.DocumentError, match="500"):
        register(world, subject="x" * 501)
    assert not IncomingDocument.objects.exists()


def test_only_the_right_roles_and_units_act(world):
    a = world.a
    doc = register(world)
    with pytest.raises(services.DocumentError, match="vai trò"):
        services.register_incoming(world.incoming_data(notation="1/X"), clerk=a.spec1)
    with pytest.raises(services.DocumentError, match="vai trò"):
        services.assign(doc, actor=a.spec1, lead_unit=a.dept)
    with pytest.raises(services.DocumentError, match="không thuộc"):
        services.assign(doc, actor=a.leader, lead_unit=world.b.dept)
    with pytest.raises(services.DocumentError, match="quyền"):
        services.present(doc, actor=world.b.clerk)
    with pytest.raises(services.DocumentError, match="cơ quan khác"):
        services.register_incoming(world.incoming_data(notation="2/X"), clerk=world.b.clerk, agency=a.agency)
    doc = services.assign(doc, actor=a.leader, lead_unit=a.dept)
    with pytest.raises(services.DocumentError, match="thuộc đơn vị"):
        services.reassign_within_unit(doc, actor=a.head, to_user=world.b.spec1)
    with pytest.raises(services.DocumentError, match="trạng thái"):
        services.present(doc, actor=a.clerk)


def test_actions_are_derived_from_the_table():
    assert [t.action for t in available_actions("incoming", IncomingStatus.PRESENTED, {"agency_leader"})] == ["assign"]
    assert [t.action for t in available_actions("incoming", IncomingStatus.ASSIGNED, {"specialist"})] == [
        "record_progress",
        "mark_done",
        "finish_part",
    ]
    assert available_actions("incoming", IncomingStatus.DONE, {"clerk", "agency_leader"}) == []
