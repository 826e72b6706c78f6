"""Read functions for the reports: how questions and feedback items were answered."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from .models import CommentStatus, Consultation, Rating, Submission
from .transitions import ANSWERED, OPEN


def _bounds(start, end) -> tuple[datetime, datetime]:
    """``[start, end)`` as aware datetimes; dates are whole local days, ``end`` included."""
    if isinstance(start, date) and not isinstance(start, datetime):
        start = timezone.make_aware(datetime.combine(start, time.min))
    if isinstance(end, date) and not isinstance(end, datetime):
        end = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return start, end


def submissions_in(agency_ids, start, end):
    """The questions and feedback items received in the period by ``agency_ids`` (None: every agency)."""
    start, end = _bounds(start, end)
    items = Submission.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    if agency_ids is not None:
        items = items.filter(agency_id__in=list(agency_ids))
    return items


def conditions(now) -> dict[str, Q]:
    """What each count of ``answered_on_time`` counts, as conditions on ``Submission`` (the reports' drill-down
    lists the rows with the same conditions)."""
    answered = Q(status__in=ANSWERED)
    return {
        "received": Q(pk__isnull=False),
        "answered": answered,
        "answered_on_time": answered & Q(answered_at__lte=F("due_at")),
        "overdue_open": Q(status__in=OPEN, due_at__lt=now),
        "satisfied": Q(rating=Rating.SATISFIED),
        "rated": ~Q(rating=""),
    }


def answered_on_time(agency_ids, start, end, *, now=None) -> dict[str, int]:
    """Counts over the questions and feedback items received in the period by ``agency_ids`` (the agency
    handling them now; ``None`` for every agency): ``received``, ``answered`` (answer approved),
    ``answered_on_time`` (approved by the deadline), ``overdue_open`` (still unanswered and past the
    deadline at ``now``), ``satisfied`` and ``rated`` (satisfaction ratings given). Rejected items count
    as received only. One query.
    """
    counts = submissions_in(agency_ids, start, end).aggregate(
        **{key: Count("pk", filter=q) for key, q in conditions(now or timezone.now()).items()}
    )
    return {key: int(value or 0) for key, value in counts.items()}


def section_counts(consultation: Consultation) -> dict:
    """Comments received (hidden ones excluded) per section id; key ``None`` for the whole draft."""
    rows = (
        consultation.comments.exclude(status=CommentStatus.HIDDEN)
        .values("section_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["section_id"]: row["n"] for row in rows}
