"""Drill-down: the dossiers, documents or feedback items behind a number, scoped with ``for_user``.

A fact metric maps back to its raw rows through the same ``facts.Source`` that counts them, so the
list always holds exactly the rows counted (as far as the user may see them). A metric's condition may be
``Q()`` ("every row of the source"): conditions are combined with ``any_of``, never by OR-ing onto an
empty start (``Q(pk__in=[]) | Q()`` is "no row").
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from datetime import timedelta
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from . import facts
from .indicators import Period


class DrillError(ValueError):
    pass


FEEDBACK_PREFIX = "fb."


def any_of(conditions: Iterable[Q]) -> Q:
    """Rows meeting at least one of ``conditions``; an empty ``Q()`` among them means every row."""
    conditions = list(conditions)
    if not conditions:
        return Q(pk__in=[])
    if any(not condition for condition in conditions):
        return Q()
    return reduce(operator.or_, conditions)


def drill_metrics(definition) -> list[list[str]]:
    """The numerator's metrics grouped by source (one list per drill-down link)."""
    if not definition.fact_based:
        return [list(definition.drill_metrics)] if definition.drill_metrics else []
    groups: dict = {}
    for metric in definition.numerator_metrics or ():
        source = facts.source_of(metric)
        key = (source.model, source.date_field) if source else ("snapshot", metric)
        groups.setdefault(key, []).append(metric)
    return list(groups.values())


def queryset(metrics: list[str], user, ids: list[int] | None, period: Period):
    """The rows behind ``metrics`` (all from one source) for the agencies ``ids`` and ``period``."""
    if not metrics:
        raise DrillError("no metric")
    if all(m in facts.SNAPSHOT_METRICS for m in metrics):
        return _snapshot(metrics, user, ids, period)
    if all(m.startswith(FEEDBACK_PREFIX) for m in metrics):
        return _feedback(metrics, user, ids, period)
    sources = [facts.source_of(m) for m in metrics]
    if None in sources or len({(s.model, s.date_field) for s in sources}) != 1:
        raise DrillError("unknown metrics or metrics from different sources")
    source = sources[0]
    condition = any_of(source.metrics[metric] for metric in metrics)
    rows = source.queryset().model.objects.for_user(user)
    rows = rows.filter(facts._window(source.date_field, period.start, period.end)).filter(condition)
    if ids is not None:
        rows = rows.filter(**{f"{source.agency_field}__in": ids})
    return rows.order_by(f"-{source.date_field}", "-pk").distinct()


def _snapshot(metrics, user, ids, period):
    from egov.dossiers.models import Dossier
    from egov.dossiers.stats import conditions
    from egov.dossiers.transitions import IN_PROGRESS

    now = timezone.now()
    period_end = facts.day_start(period.end + timedelta(days=1))
    as_of = min(now, period_end)
    if period_end > now:
        rows = Dossier.objects.for_user(user).filter(status__in=IN_PROGRESS)
    else:
        c = conditions(facts.day_start(period.start), period_end, as_of)
        rows = Dossier.objects.for_user(user).filter(c["in_progress_on_time"] | c["in_progress_overdue"])
    wanted = {"s.overdue": Q(due_at__lt=as_of), "s.in_progress_on_time": Q(due_at__gte=as_of) | Q(due_at__isnull=True)}
    rows = rows.filter(any_of(wanted[m] for m in metrics))
    if ids is not None:
        rows = rows.filter(handling_agency__in=ids)
    return rows.order_by("due_at", "pk")


def _feedback(metrics, user, ids, period):
    """Questions and feedback items counted by the feedback indicators (``fb.<count>`` of
    ``egov.feedback.stats.answered_on_time``)."""
    from egov.feedback import stats
    from egov.feedback.models import Submission

    wanted = stats.conditions(timezone.now())
    names = [m.removeprefix(FEEDBACK_PREFIX) for m in metrics]
    if any(name not in wanted for name in names):
        raise DrillError("unknown feedback metric")
    rows = stats.submissions_in(ids, period.start, period.end).filter(any_of(wanted[n] for n in names))
    visible = Submission.objects.for_user(user).values("pk")
    return rows.filter(pk__in=visible).order_by("-submitted_at", "-pk")


def kind_of(metrics: list[str]) -> str:
    """``dossier``, ``incoming``, ``outgoing`` or ``feedback``: which list template to use."""
    if all(m.startswith(FEEDBACK_PREFIX) for m in metrics):
        return "feedback"
    if all(m in facts.SNAPSHOT_METRICS for m in metrics):
        return "dossier"
    model = facts.source_of(metrics[0]).model
    return {"dossiers.Dossier": "dossier", "documents.IncomingDocument": "incoming"}.get(model, "outgoing")
