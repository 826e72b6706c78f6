"""Every state change of this app: one function each, one transaction each, with its audit record and
its outbox event. Views and commands call these; nothing else writes a ``status`` field here.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.agencies.models import Agency
from egov.audit.services import record
from egov.core.transitions import Lifecycle, Messages, Step, apply, user_or_none
from egov.events.services import publish
from egov.search.text import build_search_text
from egov.workdays.provider import get_calendar

from . import abuse
from .models import (
    CommentStatus,
    Consultation,
    ConsultationComment,
    DraftSection,
    Kind,
    Rating,
    RejectReason,
    Submission,
    SubmissionStep,
)
from .transitions import CONSULTATION_TRANSITIONS, EDITORS, TRANSITIONS, ConsultationStatus, Status

RATING_SALT = "egov.feedback.rating"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class FeedbackError(ValidationError):
    """A refused request; the message is for the user (Vietnamese)."""


# --- Questions and feedback: submission ----------------------------------------------------------------


@dataclass
class NewSubmission:
    kind: str
    name: str
    title: str
    content: str
    email: str = ""
    phone: str = ""
    address: str = ""
    agency: Agency | None = None
    sector: object = None
    topic: str = ""
    attachment: object = None


def intake_agency() -> Agency:
    """Where items sent without a chosen agency wait to be routed (setting, else the first root agency)."""
    code = settings.FEEDBACK_INTAKE_AGENCY
    agency = Agency.objects.filter(code=code).first() if code else None
    agency = agency or Agency.objects.filter(parent__isnull=True, is_active=True).order_by("sort_order", "pk").first()
    if agency is None:
        raise FeedbackError(_("Chưa cấu hình cơ quan tiếp nhận câu hỏi, phản ánh."))
    return agency


def answer_due(submitted_at: datetime) -> datetime:
    """The answer deadline: FEEDBACK_ANSWER_DAYS working days after submission (the intake cut-off applies)."""
    return get_calendar().add_working_days(submitted_at, settings.FEEDBACK_ANSWER_DAYS, intake=True)


def submit(data: NewSubmission, *, ip: str | None = None, now: datetime | None = None) -> Submission:
    """Receive a question or feedback item from the public; returns it with its tracking code."""
    now = now or timezone.now()
    _check_submission(data)
    ip_hash, key = abuse.hash_ip(ip), abuse.contact_key(data.email, data.phone)
    if abuse.rate_limited(ip_hash, key, now):
        raise FeedbackError(str(abuse.TOO_MANY) % {"minutes": abuse.window_minutes()})
    with transaction.atomic():
        item = Submission(
            kind=data.kind,
            code=_new_code(data.kind, now),
            title=data.title.strip(),
            content=data.content.strip(),
            topic=data.topic.strip(),
            sector=data.sector,
            attachment=data.attachment,
            name=data.name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            address=data.address.strip(),
            contact_key=key,
            ip_hash=ip_hash,
            agency=data.agency or intake_agency(),
            chosen_by_submitter=data.agency is not None,
            submitted_at=now,
            due_at=answer_due(now),
        )
        item.search_text = _search_text(item)
        item.save()
        _log_step(item, "submit", "", None, now, to_agency=item.agency)
        _audit_and_publish(item, "submit", None, before=None)
    return item


def _check_submission(data: NewSubmission) -> None:
    if data.kind not in Kind.values:
        raise FeedbackError(_("Loại nội dung gửi không hợp lệ."))
    if not data.name.strip() or not data.title.strip() or not data.content.strip():
        raise FeedbackError(_("Cần nhập họ tên, tiêu đề và nội dung."))
    if not data.email.strip() and not data.phone.strip():
        raise FeedbackError(_("Cần nhập thư điện tử hoặc số điện thoại để nhận trả lời."))


def _new_code(kind: str, now: datetime) -> str:
    prefix = "HD" if kind == Kind.QUESTION else "PA"
    day = timezone.localtime(now).strftime("%y%m%d")
    while True:
        code = f"{prefix}-{day}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
        if not Submission.objects.filter(code=code).exists():
            return code


def _search_text(item: Submission) -> str:
    # Personal data stays out: the public search must not find an item by its sender.
    return build_search_text(item.code, item.title, item.content, item.topic, item.answer)


# --- The lifecycles: tables and the hooks ``core.transitions.apply`` calls --------------------------------

LIFECYCLE = Lifecycle(
    model=Submission,
    table=TRANSITIONS,
    topic="feedback",
    error=FeedbackError,
    messages=Messages(
        wrong_status=gettext_lazy("Không thể “%(action)s” khi nội dung đang ở trạng thái “%(status)s”."),
        needs_note=gettext_lazy("Cần nhập lý do hoặc nội dung cho thao tác “%(action)s”."),
        no_role=gettext_lazy("Bạn không có vai trò phù hợp để thực hiện thao tác này."),
        out_of_scope=gettext_lazy("Bạn không có quyền xử lý nội dung này."),
    ),
    snapshot=lambda s: _snapshot(s),
    payload=lambda s, after: {"code": s.code, "kind": s.kind, **after},
    agency=lambda s: s.agency_id,
    trail=lambda step: _step(step),
)
CONSULTATION_LIFECYCLE = Lifecycle(
    model=Consultation,
    table=CONSULTATION_TRANSITIONS,
    topic="consultation",
    error=FeedbackError,
    messages=Messages(
        wrong_status=gettext_lazy("Không thể “%(action)s” khi dự thảo đang ở trạng thái “%(status)s”."),
        needs_note=gettext_lazy("Cần nhập lý do hoặc nội dung cho thao tác “%(action)s”."),
        no_role=gettext_lazy("Bạn không có vai trò phù hợp để thực hiện thao tác này."),
        out_of_scope=gettext_lazy("Bạn không có quyền xử lý dự thảo này."),
    ),
    agency=lambda c: c.agency_id,
)


# --- Questions and feedback: handling --------------------------------------------------------------------


def route(item: Submission, *, actor, agency: Agency, note: str = "", now=None) -> Submission:
    """Hand the item to the competent agency (the intake agency itself, or another one); the officer's note
    stays on the item's trail."""
    return _transition(item, "route", actor, now=now, note=(note or "").strip(), change=_move_to(agency))


def reroute(item: Submission, *, actor, agency: Agency, note: str, now=None) -> Submission:
    """Move an item to another agency (wrong recipient); the audit log keeps both agencies."""
    if agency.pk == item.agency_id:
        raise FeedbackError(_("Cơ quan chuyển đến phải khác cơ quan đang xử lý."))
    return _transition(item, "reroute", actor, now=now, note=note, change=_move_to(agency))


def answer(item: Submission, *, actor, text: str, now=None) -> Submission:
    """Write (or rewrite) the draft answer and put it to the leader."""
    if not (text or "").strip():
        raise FeedbackError(_("Cần nhập nội dung trả lời."))

    def change(s, now):
        s.answer = text.strip()
        s.answered_by = actor

    return _transition(item, "answer", actor, now=now, change=change)


def send_back(item: Submission, *, actor, note: str, now=None) -> Submission:
    return _transition(item, "send_back", actor, now=now, note=note)


def approve(item: Submission, *, actor, text: str | None = None, now=None) -> Submission:
    """The leader approves the answer (optionally edited); the submitter is told and may rate it."""

    def change(s, now):
        if text and text.strip():
            s.answer = text.strip()
        s.approved_by = actor
        s.answered_at = now

    return _transition(item, "approve", actor, now=now, change=change)


def publish_answer(item: Submission, *, actor, now=None) -> Submission:
    def change(s, now):
        s.published_at = now
        s.closed_at = s.closed_at or now

    return _transition(item, "publish", actor, now=now, change=change)


def reject(item: Submission, *, actor, reason: str, note: str, now=None) -> Submission:
    """Refuse to handle the item (spam, out of scope), with the reason told to the submitter."""
    if reason not in RejectReason.values:
        raise FeedbackError(_("Cần chọn lý do không xử lý."))

    def change(s, now):
        s.reject_reason = reason
        s.closed_at = now

    return _transition(item, "reject", actor, now=now, note=note, change=change)


def _move_to(agency: Agency):
    if agency is None or not agency.is_active:
        raise FeedbackError(_("Cần chọn cơ quan có thẩm quyền đang hoạt động."))

    def change(s, now):
        s.agency = agency
        s.routed_at = now

    return change


def _transition(item: Submission, action: str, actor, *, now=None, note: str = "", change=None) -> Submission:
    def _change(s, now):
        if change:
            change(s, now)
        s.search_text = _search_text(s)

    return apply(LIFECYCLE, item, action, actor, now=now, note=note, change=_change)


def _check_role(actor, roles) -> None:
    if actor is None or not getattr(actor, "is_official", False) or not actor.has_role(*roles):
        raise FeedbackError(_("Bạn không có vai trò phù hợp để thực hiện thao tác này."))


def _step(step: Step) -> None:
    """The trail row of a transition (``Lifecycle.trail``)."""
    _log_step(
        step.obj,
        step.action,
        step.from_status,
        step.actor,
        step.now,
        note=step.note,
        from_agency_id=step.before["agency"],
        to_agency=step.obj.agency,
    )


def _log_step(item, action, from_status, actor, now, *, note="", from_agency_id=None, to_agency=None) -> None:
    SubmissionStep.objects.create(
        submission=item,
        action=action,
        from_status=from_status,
        to_status=item.status,
        from_agency_id=from_agency_id,
        to_agency=to_agency,
        actor=user_or_none(actor),
        at=now,
        note=note or "",
    )


def _snapshot(item: Submission) -> dict:
    return {"status": item.status, "agency": item.agency_id, "due_at": item.due_at, "reject_reason": item.reject_reason}


def _audit_and_publish(item: Submission, action: str, actor, *, before) -> None:
    """Outbox event then audit record (last) of a change outside the table (a new submission)."""
    after = _snapshot(item)
    actor = user_or_none(actor)
    publish(f"feedback.{action}", aggregate=item, payload={"code": item.code, "kind": item.kind, **after}, actor=actor)
    record(actor=actor, action=f"feedback.{action}", target=item, before=before, after=after, agency=item.agency_id)


# --- Satisfaction rating ------------------------------------------------------------------------------------


def rating_token(item: Submission) -> str:
    return signing.dumps(item.pk, salt=RATING_SALT)


def item_for_rating_token(token: str) -> Submission | None:
    try:
        pk = signing.loads(token, salt=RATING_SALT)
    except signing.BadSignature:
        return None
    return Submission.objects.filter(pk=pk).first()


def rate(item: Submission, *, rating: str, comment: str = "", now=None) -> Submission:
    """The submitter rates the approved answer, once (through the link sent to them)."""
    now = now or timezone.now()
    if rating not in Rating.values:
        raise FeedbackError(_("Cần chọn mức độ hài lòng."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=item.pk)
        if locked.status not in (Status.APPROVED, Status.PUBLISHED):
            raise FeedbackError(_("Chỉ đánh giá được khi đã có trả lời."))
        if locked.rating:
            raise FeedbackError(_("Ông/bà đã đánh giá trả lời này."))
        locked.rating, locked.rating_comment, locked.rated_at = rating, (comment or "").strip()[:500], now
        locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
        publish("feedback.rate", aggregate=locked, payload={"code": locked.code, "rating": rating})
        record(actor=None, action="feedback.rate", target=locked, after={"rating": rating}, agency=locked.agency_id)
    item.refresh_from_db()
    return item


# --- Consultation on drafts ---------------------------------------------------------------------------------

_ARTICLE_RE = re.compile(r"^(Điều|Khoản|Mục|Chương)\s+[\w.]+[.:]?\s*", re.IGNORECASE)


def split_sections(text: str) -> list[tuple[str, str]]:
    """``(heading, text)`` per block of ``text`` separated by blank lines; a block opening with
    "Điều 3. ..." keeps that first line as its heading."""
    sections = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        block = block.strip()
        if not block:
            continue
        first, _sep, rest = block.partition("\n")
        if _ARTICLE_RE.match(first) and rest.strip():
            sections.append((first.strip()[:300], rest.strip()))
        elif _ARTICLE_RE.match(first):
            sections.append((first.strip()[:300], first.strip()))
        else:
            sections.append(("", block))
    return sections


@dataclass
class DraftInput:
    agency: Agency
    title: str
    opens_on: date
    closes_on: date
    text: str
    summary: str = ""
    attachment: object = None


def create_consultation(data: DraftInput, *, actor) -> Consultation:
    """Create a draft (not yet public) with its numbered sections."""
    _check_role(actor, EDITORS)
    if not Agency.objects.filter(pk=data.agency.pk).filter(pk__in=_visible_agency_ids(actor)).exists():
        raise FeedbackError(_("Bạn không có quyền đăng dự thảo cho cơ quan này."))
    _check_period(data.opens_on, data.closes_on)
    sections = split_sections(data.text)
    if not sections:
        raise FeedbackError(_("Cần nhập nội dung dự thảo (các điều, khoản cách nhau bằng một dòng trống)."))
    with transaction.atomic():
        consultation = Consultation.objects.create(
            agency=data.agency,
            title=data.title.strip(),
            summary=data.summary.strip(),
            attachment=data.attachment,
            opens_on=data.opens_on,
            closes_on=data.closes_on,
            created_by=actor,
            search_text=build_search_text(data.title, data.summary),
        )
        DraftSection.objects.bulk_create(
            DraftSection(consultation=consultation, number=n, heading=h, text=t)
            for n, (h, t) in enumerate(sections, start=1)
        )
        _consultation_event(consultation, "create", actor, before=None, extra={"sections": len(sections)})
    return consultation


def _visible_agency_ids(actor):
    from egov.agencies.scoping import visible_agency_ids

    return visible_agency_ids(actor)


def _check_period(opens_on: date, closes_on: date) -> None:
    if not opens_on or not closes_on or closes_on < opens_on:
        raise FeedbackError(_("Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu."))


def publish_consultation(consultation: Consultation, *, actor, now=None) -> Consultation:
    def change(c, now):
        if c.closes_on < timezone.localdate(now):
            raise FeedbackError(_("Thời hạn lấy ý kiến đã qua; hãy sửa ngày kết thúc trước khi đăng."))
        c.published_at = now

    return _consultation_transition(consultation, "publish", actor, now=now, change=change)


def publish_summary(consultation: Consultation, *, actor, text: str, now=None) -> Consultation:
    """After the period ends, publish the summary of the comments received (with per-section counts)."""
    if not (text or "").strip():
        raise FeedbackError(_("Cần nhập nội dung tổng hợp, giải trình ý kiến."))

    def change(c, now):
        if not c.has_ended(timezone.localdate(now)):
            raise FeedbackError(_("Chỉ công bố tổng hợp sau khi kết thúc thời hạn lấy ý kiến."))
        c.summary_text = text.strip()
        c.summary_published_at = now

    return _consultation_transition(consultation, "publish_summary", actor, now=now, change=change)


def _consultation_transition(consultation, action, actor, *, now=None, change=None) -> Consultation:
    return apply(CONSULTATION_LIFECYCLE, consultation, action, actor, now=now, change=change)


def _check_consultation_access(consultation, actor, roles) -> None:
    _check_role(actor, roles)
    if not Consultation.objects.for_user(actor).filter(pk=consultation.pk).exists():
        raise FeedbackError(_("Bạn không có quyền xử lý dự thảo này."))


def _consultation_event(consultation, action, actor, *, before, extra=None) -> None:
    after = {"status": consultation.status, **(extra or {})}
    publish(f"consultation.{action}", aggregate=consultation, payload=after, actor=actor)
    record(
        actor=actor,
        action=f"consultation.{action}",
        target=consultation,
        before=before,
        after=after,
        agency=consultation.agency_id,
    )


@dataclass
class NewComment:
    name: str
    text: str
    email: str = ""
    phone: str = ""
    organisation: str = ""
    section: DraftSection | None = None


def comment(consultation: Consultation, data: NewComment, *, ip: str | None = None, now=None) -> ConsultationComment:
    """A comment from the public on the whole draft or on one section; waits for moderation."""
    now = now or timezone.now()
    if not consultation.is_open(timezone.localdate(now)):
        raise FeedbackError(_("Dự thảo này hiện không trong thời gian lấy ý kiến."))
    if data.section is not None and data.section.consultation_id != consultation.pk:
        raise FeedbackError(_("Điều, khoản được chọn không thuộc dự thảo này."))
    if not data.name.strip() or not data.text.strip():
        raise FeedbackError(_("Cần nhập họ tên và nội dung góp ý."))
    if not data.email.strip() and not data.phone.strip():
        raise FeedbackError(_("Cần nhập thư điện tử hoặc số điện thoại."))
    ip_hash, key = abuse.hash_ip(ip), abuse.contact_key(data.email, data.phone)
    if abuse.rate_limited(ip_hash, key, now):
        raise FeedbackError(str(abuse.TOO_MANY) % {"minutes": abuse.window_minutes()})
    with transaction.atomic():
        entry = ConsultationComment.objects.create(
            consultation=consultation,
            section=data.section,
            name=data.name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            organisation=data.organisation.strip(),
            text=data.text.strip(),
            contact_key=key,
            ip_hash=ip_hash,
            submitted_at=now,
        )
        _comment_event(entry, "comment", None, before=None)
    return entry


def approve_comment(entry: ConsultationComment, *, actor) -> ConsultationComment:
    return _moderate(entry, actor, CommentStatus.APPROVED, "approve_comment")


def hide_comment(entry: ConsultationComment, *, actor) -> ConsultationComment:
    return _moderate(entry, actor, CommentStatus.HIDDEN, "hide_comment")


def answer_comment(entry: ConsultationComment, *, actor, text: str, now=None) -> ConsultationComment:
    """The agency's reply (tiếp thu, giải trình); an answered comment is shown, so it is approved too."""
    if not (text or "").strip():
        raise FeedbackError(_("Cần nhập nội dung tiếp thu, giải trình."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_comment(entry, actor)
        before = {"status": locked.status, "answered": bool(locked.answer)}
        locked.answer, locked.answered_at = text.strip(), now
        if locked.status == CommentStatus.PENDING:
            locked.status = CommentStatus.APPROVED
        locked.save()
        _comment_event(locked, "answer_comment", actor, before=before)
    entry.refresh_from_db()
    return entry


def _moderate(entry, actor, status, action) -> ConsultationComment:
    with transaction.atomic():
        locked = _lock_comment(entry, actor)
        before = {"status": locked.status}
        locked.status = status
        locked.save(update_fields=["status"])
        _comment_event(locked, action, actor, before=before)
    entry.refresh_from_db()
    return entry


def _lock_comment(entry, actor) -> ConsultationComment:
    locked = ConsultationComment.objects.select_for_update().get(pk=entry.pk)
    consultation = Consultation.objects.get(pk=locked.consultation_id)
    _check_consultation_access(consultation, actor, EDITORS)
    if consultation.status == ConsultationStatus.DRAFT:
        raise FeedbackError(_("Dự thảo chưa được đăng."))
    locked.consultation = consultation
    return locked


def _comment_event(entry, action, actor, *, before) -> None:
    after = {"status": entry.status, "section": entry.section_id, "answered": bool(entry.answer)}
    actor = actor if getattr(actor, "pk", None) else None
    publish(
        f"consultation.{action}",
        aggregate=entry,
        payload={"consultation": entry.consultation_id, **after},
        actor=actor,
    )
    record(
        actor=actor,
        action=f"consultation.{action}",
        target=entry,
        before=before,
        after=after,
        agency=entry.consultation.agency_id,
    )
