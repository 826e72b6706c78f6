"""Outgoing documents: drafting, the review chain, issuing with dispatch inside the platform, recall."""

import pytest

from egov.documents import services
from egov.documents.models import Dispatch, IncomingDocument, OutgoingDocument
from egov.documents.transitions import IncomingStatus, OutgoingStatus

from .factories import at, pdf_attachment

pytestmark = pytest.mark.django_db


def draft(world, doc_type=None, author=None, **kwargs):
    author = author or world.a.spec1
    kwargs.setdefault("internal_recipients", [world.b.agency, world.c.agency])
    kwargs.setdefault("external_recipients", "Bộ Tư pháp\nBáo Văn Thư")
    return services.create_draft(
        author=author,
        document_type=doc_type or world.decision,
        subject="Quyết định phê duyệt kế hoạch kiểm tra năm 2026",
        attachment=pdf_attachment(agency=world.a.agency, user=author),
        now=at(2026, 4, 1, 8, 0),
        **kwargs,
    )


def test_outgoing_from_draft_through_two_revisions_to_issue_and_arrival(world):
    a = world.a
    doc = draft(world)
    assert doc.status == OutgoingStatus.DRAFT and doc.versions.count() == 1 and doc.drafting_unit == a.dept

    doc = services.submit_for_review(doc, actor=a.spec1)
    assert services.current_reviewer_role(doc) == "department_head"
    with pytest.raises(services.DocumentError, match="Bước duyệt"):
        services.approve_step(doc, actor=a.leader)  # the leader's turn comes after the head's
    doc = services.return_for_revision(doc, actor=a.head, comment="Bổ sung căn cứ pháp lý")
    assert doc.status == OutgoingStatus.RETURNED

    doc = services.add_version(doc, actor=a.spec1, attachment=pdf_attachment(agency=a.agency), note="Đã bổ sung căn cứ")
    doc = services.submit_for_review(doc, actor=a.spec1)
    doc = services.approve_step(doc, actor=a.head, comment="Đồng ý, trình Giám đốc")
    assert doc.status == OutgoingStatus.IN_REVIEW and services.current_reviewer_role(doc) == "agency_leader"
    doc = services.return_for_revision(doc, actor=a.leader, comment="Sửa thời gian kiểm tra")
    assert doc.review_step == 0

    doc = services.add_version(doc, actor=a.spec1, attachment=pdf_attachment(agency=a.agency))
    doc = services.submit_for_review(doc, actor=a.spec1)
    doc = services.approve_step(doc, actor=a.head)
    doc = services.approve_step(doc, actor=a.leader)
    assert doc.status == OutgoingStatus.APPROVED and doc.signer == a.leader and doc.signer_position == "Giám đốc"
    assert doc.versions.count() == 3 and doc.comments.count() == 3

    doc = services.issue(doc, actor=a.clerk, now=at(2026, 4, 6, 9, 0))
    assert doc.status == OutgoingStatus.ISSUED
    assert (doc.number, doc.notation, doc.document_date.isoformat()) == ("01", "01/QĐ-STP", "2026-04-06")
    [issued] = doc.attachments.all()
    assert issued.original_name == "01-QĐ-STP.pdf" and issued != doc.current_version.attachment

    copies = IncomingDocument.objects.filter(origin=doc).order_by("agency__code")
    assert [c.agency for c in copies] == [world.b.agency, world.c.agency]
    assert all(c.status == IncomingStatus.PENDING and c.notation == "01/QĐ-STP" for c in copies)
    assert copies[0].issuer_name == "Sở Tư pháp" and list(copies[0].attachments.all()) == list(doc.attachments.all())
    assert sorted(doc.dispatches.values_list("method", "recipient_name")) == [
        (Dispatch.Method.PAPER, "Báo Văn Thư"),
        (Dispatch.Method.PAPER, "Bộ Tư pháp"),
        (Dispatch.Method.PLATFORM, "Sở Nội vụ"),
        (Dispatch.Method.PLATFORM, "Sở Tài chính"),
    ]

    # The recipients' clerks see the copy waiting and register it in their own register.
    arrived = IncomingDocument.objects.for_user(world.b.clerk).get(status=IncomingStatus.PENDING)
    arrived = services.register_received(arrived, clerk=world.b.clerk, now=at(2026, 4, 6, 10, 0))
    assert arrived.status == IncomingStatus.REGISTERED and arrived.arrival_number == 1
    assert not IncomingDocument.objects.for_user(world.b.clerk).filter(agency=world.c.agency).exists()


def test_recall_marks_the_recipients_copies_recalled(world):
    a = world.a
    doc = _issued(world)
    copy_b = IncomingDocument.objects.get(origin=doc, agency=world.b.agency)
    services.register_received(copy_b, clerk=world.b.clerk)
    with pytest.raises(services.DocumentError, match="nội dung"):
        services.recall(doc, actor=a.leader, reason="")
    doc = services.recall(doc, actor=a.leader, reason="Ban hành sai thẩm quyền", now=at(2026, 4, 7, 8, 0))
    assert doc.status == OutgoingStatus.RECALLED and doc.recalled_at == at(2026, 4, 7, 8, 0)
    assert set(IncomingDocument.objects.filter(origin=doc).values_list("status", flat=True)) == {
        IncomingStatus.RECALLED
    }
    assert IncomingDocument.objects.filter(origin=doc, recalled_at__isnull=False).count() == 2


def test_letter_notation_has_no_type_part(world):
    doc = _issued(world, doc_type=world.letter)
    assert doc.notation == "01/STP-KT"


def test_empty_approval_chain_is_approved_on_submission(world):
    world.letter.approval_chain = []
    world.letter.save()
    doc = services.submit_for_review(draft(world, world.letter), actor=world.a.spec1)
    assert doc.status == OutgoingStatus.APPROVED


def test_only_the_clerk_issues_and_only_approved_drafts(world):
    doc = draft(world)
    with pytest.raises(services.DocumentError, match="trạng thái"):
        services.issue(doc, actor=world.a.clerk)
    doc = _approve(world, doc)
    with pytest.raises(services.DocumentError, match="vai trò"):
        services.issue(doc, actor=world.a.leader)
    assert OutgoingDocument.objects.get(pk=doc.pk).notation == ""


def _approve(world, doc):
    doc = services.submit_for_review(doc, actor=world.a.spec1)
    doc = services.approve_step(doc, actor=world.a.head)
    return services.approve_step(doc, actor=world.a.leader)


def _issued(world, doc_type=None, now=None, **kwargs):
    doc = _approve(world, draft(world, doc_type, **kwargs))
    return services.issue(doc, actor=world.a.clerk, now=now or at(2026, 4, 6, 9, 0))
