"""Consultation on drafts: sections, comments on a paragraph, closed period, moderation, summary."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.feedback import services
from egov.feedback.models import CommentStatus, Consultation
from egov.feedback.services import FeedbackError, NewComment
from egov.feedback.stats import section_counts
from egov.feedback.transitions import ConsultationStatus

from .conftest import aged_token


def test_split_sections():
    sections = services.split_sections("Điều 1. Phạm vi\nNội dung một.\n\n  \nĐoạn không tiêu đề.\n\nĐiều 2. Hiệu lực")
    assert sections == [("Điều 1. Phạm vi", "Nội dung một."), ("", "Đoạn không tiêu đề."), ("Điều 2. Hiệu lực",) * 2]


def test_created_with_numbered_sections(consultation):
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert list(consultation.sections.values_list("number", "heading")) == [
        (1, "Điều 1. Phạm vi điều chỉnh"),
        (2, "Điều 2. Đối tượng áp dụng"),
        (3, "Điều 3. Hiệu lực"),
    ]


def test_comment_on_a_paragraph(client, consultation):
    section = consultation.sections.get(number=2)
    response = client.post(
        reverse("feedback:consultation", args=[consultation.pk]),
        {
            "section": section.pk,
            "text": "Đề nghị bổ sung tổ chức xã hội.",
            "name": "Phạm Văn Góp",
            "email": "gop@example.vn",
            "form_started": aged_token(),
        },
    )
    assert response.status_code == 302
    comment = consultation.comments.get()
    assert comment.section == section and comment.status == CommentStatus.PENDING
    # Not shown until approved.
    page = client.get(reverse("feedback:consultation", args=[consultation.pk])).content.decode()
    assert "Đề nghị bổ sung" not in page


def test_comments_closed_outside_the_period(world, consultation, client):
    future = timezone.now() + timedelta(days=40)
    with pytest.raises(FeedbackError):
        services.comment(consultation, NewComment(name="A", text="Muộn", email="a@example.vn"), now=future)
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    response = client.post(
        reverse("feedback:consultation", args=[consultation.pk]),
        {"text": "Muộn", "name": "A", "email": "a@example.vn", "form_started": aged_token()},
    )
    assert not consultation.comments.exists()
    assert "không trong thời gian" in response.content.decode()


def test_draft_is_not_public_and_cannot_be_commented(world, client):
    draft = services.create_consultation(
        services.DraftInput(
            agency=world.a,
            title="Chưa đăng",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
            text="Đoạn 1",
        ),
        actor=world.clerk_a,
    )
    assert client.get(reverse("feedback:consultation", args=[draft.pk])).status_code == 404
    with pytest.raises(FeedbackError):
        services.comment(draft, NewComment(name="A", text="x", email="a@example.vn"))


def test_comment_section_must_belong_to_the_draft(world, consultation):
    other = services.create_consultation(
        services.DraftInput(
            agency=world.a, title="Khác", opens_on=timezone.localdate(), closes_on=timezone.localdate(), text="X"
        ),
        actor=world.clerk_a,
    )
    with pytest.raises(FeedbackError):
        services.comment(
            consultation, NewComment(name="A", text="x", email="a@example.vn", section=other.sections.get())
        )


def test_moderation_and_answer(world, consultation, client):
    section = consultation.sections.get(number=1)
    shown = services.comment(consultation, NewComment(name="Ngô Minh", text="Ý kiến hay", email="m@example.vn"))
    spam = services.comment(
        consultation, NewComment(name="Bot", text="Mua ngay", email="b@example.vn", section=section)
    )
    with pytest.raises(FeedbackError):
        services.approve_comment(shown, actor=world.clerk_b)  # another agency
    services.approve_comment(shown, actor=world.clerk_a)
    services.hide_comment(spam, actor=world.clerk_a)
    answered = services.answer_comment(shown, actor=world.clerk_a, text="Xin tiếp thu.")
    assert answered.status == CommentStatus.APPROVED
    html = client.get(reverse("feedback:consultation", args=[consultation.pk])).content.decode()
    assert "Ý kiến hay" in html and "Xin tiếp thu." in html and "Mua ngay" not in html
    assert "Ngô Minh" not in html and "N*** M***" in html and "m@example.vn" not in html


def test_summary_only_after_the_end_with_per_section_counts(world, consultation, client):
    s1, s2 = consultation.sections.all()[:2]
    for n, section in enumerate([s1, s1, s2, None]):
        services.comment(
            consultation, NewComment(name=f"N{n}", text=f"Ý kiến {n}", email=f"n{n}@example.vn", section=section)
        )
    with pytest.raises(FeedbackError):
        services.publish_summary(consultation, actor=world.leader_a, text="Tổng hợp")
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    consultation.refresh_from_db()
    assert section_counts(consultation) == {s1.pk: 2, s2.pk: 1, None: 1}
    done = services.publish_summary(consultation, actor=world.leader_a, text="Đã tiếp thu 3 ý kiến.")
    assert done.status == ConsultationStatus.SUMMARISED
    html = client.get(reverse("feedback:consultation", args=[consultation.pk])).content.decode()
    assert "Đã tiếp thu 3 ý kiến." in html and "Tổng số ý kiến nhận được: 4." in html


def test_public_detail_query_count(world, consultation, client, django_assert_max_num_queries):
    for n, section in enumerate(consultation.sections.all()):
        c = services.comment(consultation, NewComment(name="A", text="x", email=f"q{n}@example.vn", section=section))
        services.approve_comment(c, actor=world.clerk_a)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("feedback:consultation", args=[consultation.pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("feedback:consultations")).status_code == 200


def test_staff_pages(world, consultation, client):
    client.force_login(world.clerk_a)
    assert consultation.title in client.get(reverse("feedback:staff-consultations")).content.decode()
    assert client.get(reverse("feedback:staff-consultation", args=[consultation.pk])).status_code == 200
    response = client.post(
        reverse("feedback:staff-consultation-create"),
        {
            "agency": world.a.pk,
            "title": "Dự thảo mới",
            "opens_on": "01/12/2026",
            "closes_on": "31/12/2026",
            "text": "Điều 1. A\nB\n\nĐiều 2. C\nD",
        },
    )
    assert response.status_code == 302
    assert Consultation.objects.get(title="Dự thảo mới").sections.count() == 2
    client.force_login(world.clerk_b)
    assert client.get(reverse("feedback:staff-consultation", args=[consultation.pk])).status_code == 404
