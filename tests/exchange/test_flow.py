"""The exchange flow in one database: agency A issues to agency B as an external recipient (loopback peer
transport), B's clerk and staff act, A sees B's statuses; revoke; duplicates; retries with back-off."""

import pytest
from django.utils import timezone

from documents.factories import at, pdf_attachment
from egov.documents import services as documents
from egov.documents.models import IncomingDocument
from egov.documents.transitions import IncomingStatus
from egov.exchange import services
from egov.exchange.models import ExchangeMessage, RecipientStatus
from egov.exchange.transitions import MessageState

from .conftest import Loopback, run_events

pytestmark = pytest.mark.django_db


def issue_to_b(world, **kwargs):
    a = world.a
    doc = documents.create_draft(
        author=a.spec1,
        document_type=world.decision,
        subject="Quyết định phê duyệt kế hoạch kiểm tra năm 2026",
        attachment=pdf_attachment("Quyết định kiểm tra", agency=a.agency, user=a.spec1),
        external_recipients=kwargs.pop("external_recipients", f"{world.b.agency.code} - Sở Nội vụ\nBáo Văn Thư"),
    )
    doc = documents.submit_for_review(doc, actor=a.spec1)
    doc = documents.approve_step(doc, actor=a.head)
    doc = documents.approve_step(doc, actor=a.leader)
    return documents.issue(doc, actor=a.clerk)


def received_copy(world):
    return IncomingDocument.objects.get(agency=world.b.agency, issuer_code=world.a.agency.code)


def test_issue_sends_edxml_and_statuses_come_back_in_order(world):
    doc = issue_to_b(world)
    run_events()
    sent = ExchangeMessage.objects.get(direction="out", kind="document", outgoing=doc)
    assert sent.state == MessageState.SENT and sent.peer == world.peer_b and sent.attempts == 1
    assert sent.document_id == f"{world.a.agency.code},{doc.document_date:%Y/%m/%d},{doc.notation}"

    copy = received_copy(world)
    assert copy.status == IncomingStatus.PENDING and copy.subject == doc.subject and copy.notation == doc.notation
    assert copy.issuer_name == world.a.agency.name and copy.document_type == world.decision
    assert [a.original_name for a in copy.attachments.all()] == [
        "01-QĐ-STP.pdf"
    ]  # the issued file, named after its notation
    assert copy.attachments.get().sha256 == doc.attachments.get().sha256

    b = world.b
    copy = documents.register_received(copy, clerk=b.clerk)
    copy = documents.assign(copy, actor=b.leader, lead_user=b.spec1)
    copy = documents.record_progress(copy, actor=b.spec1, text="Đang kiểm tra")
    copy = documents.record_progress(copy, actor=b.spec1, text="Sắp xong")
    copy = documents.mark_done(copy, actor=b.spec1)
    run_events()

    status = RecipientStatus.objects.get(outgoing=doc, recipient=world.peer_b)
    assert status.codes == ["01", "03", "04", "05", "06"]
    assert status.code == "06" and status.history[1]["staff"] == b.clerk.full_name

    documents.recall(doc, actor=world.a.clerk, reason="Ban hành nhầm")
    run_events()
    assert received_copy(world).status == IncomingStatus.RECALLED
    status.refresh_from_db()
    assert status.codes[-2:] == ["13", "15"] and status.code == "15"
    assert not ExchangeMessage.objects.exclude(state__in=[MessageState.SENT, MessageState.RECEIVED]).exists()


def test_recipient_lines_without_a_known_organ_id_are_not_sent(world):
    issue_to_b(world, external_recipients="Sở Nội vụ (chưa có mã)\n000.00.99.H97 - không có trong danh mục")
    run_events()
    assert not ExchangeMessage.objects.exists()


def test_the_same_message_twice_is_registered_once(world):
    doc = issue_to_b(world)
    run_events()
    sent = ExchangeMessage.objects.get(direction="out", kind="document", outgoing=doc)
    with sent.xml.open("rb") as handle:
        body = handle.read()
    again = services.receive(body, peer=world.peer_a)
    assert again.result == "duplicate"
    assert IncomingDocument.objects.filter(agency=world.b.agency).count() == 1
    assert ExchangeMessage.objects.filter(direction="in", kind="document").count() == 1
    # a re-queued copy of the document (e.g. a worker crash after the send) is not queued twice either
    assert services.send_document(doc) == []


def test_failures_retry_with_back_off_then_show_as_failed_and_can_be_sent_again(world, settings):
    settings.EXCHANGE_MAX_ATTEMPTS = 3
    settings.EXCHANGE_BACKOFF_SECONDS = 30
    Loopback.fail = True
    doc = issue_to_b(world)
    run_events()
    message = ExchangeMessage.objects.get(direction="out", outgoing=doc)
    assert message.state == MessageState.RETRYING and message.attempts == 1
    assert "không trả lời" in message.last_error
    first_wait = message.next_attempt_at - timezone.now()
    assert 25 < first_wait.total_seconds() <= 30

    assert services.send_due() == 0  # not due yet
    later = message.next_attempt_at
    assert services.send_due(now=later) == 1
    message.refresh_from_db()
    assert message.attempts == 2 and (message.next_attempt_at - later).total_seconds() == 60
    services.send_due(now=message.next_attempt_at)
    message.refresh_from_db()
    assert message.state == MessageState.FAILED and message.attempts == 3 and message.next_attempt_at is None

    Loopback.fail = False
    services.retry(message, actor=world.a.clerk)
    run_events()
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.attempts == 1 and message.last_error == ""
    assert received_copy(world).status == IncomingStatus.PENDING


def test_update_of_a_pending_copy_and_refusal_after_registration(world):
    from egov.exchange.edxml import BusinessType

    doc = issue_to_b(world)
    run_events()
    services.send_update(doc, business=BusinessType.UPDATE, reason="Sửa trích yếu")
    run_events()
    status = RecipientStatus.objects.get(outgoing=doc)
    assert status.codes[-1] == "15"
    documents.register_received(received_copy(world), clerk=world.b.clerk)
    services.send_update(doc, reason="Sửa lần hai")
    run_events()
    status.refresh_from_db()
    assert status.code == "16" and "đã vào sổ" in status.description


def test_simulator_answers_arrived_and_revoke_agreed(world, settings):
    world.peer_b.transport = "simulator"
    world.peer_b.save()
    doc = issue_to_b(world)
    run_events()
    status = RecipientStatus.objects.get(outgoing=doc)
    assert status.codes == ["01"]
    documents.recall(doc, actor=world.a.clerk, reason="Ban hành nhầm")
    run_events()
    status.refresh_from_db()
    assert status.codes == ["01", "13", "15"]
    assert not IncomingDocument.objects.filter(agency=world.b.agency).exists()  # the simulator stands in for B


def test_messages_are_audited(world):
    from egov.audit.models import AuditRecord

    issue_to_b(world)
    run_events()
    actions = set(AuditRecord.objects.filter(action__startswith="exchange.").values_list("action", flat=True))
    assert {"exchange.message_queued", "exchange.message_sent", "exchange.message_received"} <= actions
    assert at(2026, 1, 1)  # keep the helper import used
