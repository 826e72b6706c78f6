"""What a dashboard shows, computed with a fixed number of queries: key indicators against targets,
monthly trends, the ranking of agencies (with their Decision 766 index) and the index breakdown.

Everything fact-based comes from one grouped query over ``DailyFact`` (plus one count of the dossiers
in progress); the same figures feed the page, the XLSX and the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.agencies.models import Agency
from egov.core.collation import vi_order

from . import facts, index766
from .indicators import IndicatorDefinition, IndicatorValue, Period, agency_ids, definitions
from .models import Target
from .rollup import own_totals, ranking_agencies, values_for

KEY_INDICATORS = (
    "dossiers.received",
    "dossiers.online_share",
    "dossiers.full_online_share",
    "dossiers.paid_online_share",
    "dossiers.digitised_share",
    "dossiers.e_result_share",
    "dossiers.on_time_share",
    "dossiers.overdue_in_progress",
    "dossiers.satisfaction",
    "documents.incoming",
    "documents.outgoing",
    "documents.electronic_share",
    "documents.signed_share",
    "documents.on_time_share",
    "feedback.answered_on_time_share",
)
RANKING_COLUMNS = ("dossiers.received", "dossiers.online_share", "dossiers.on_time_share", "documents.electronic_share")
TREND_INDICATORS = ("dossiers.received", "dossiers.online_share", "dossiers.on_time_share")


@dataclass
class Row:
    definition: IndicatorDefinition
    value: IndicatorValue | None
    target: Decimal | None = None

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None or self.value.value is None:
            return None
        if self.definition.higher_is_better:
            return self.value.value >= self.target
        return self.value.value <= self.target


@dataclass
class RankRow:
    agency: Agency
    values: dict
    index: index766.IndexScore
    position: int = 0

    @property
    def cells(self) -> list:
        return [self.values.get(code) for code in RANKING_COLUMNS]


@dataclass
class Dashboard:
    agency: Agency | None
    period: Period
    rows: list[Row]
    trends: list[dict]
    ranking: list[RankRow] = field(default_factory=list)
    index: index766.IndexScore | None = None

    @property
    def title(self) -> str:
        return self.agency.name if self.agency else str(_("Toàn tỉnh"))

    @property
    def ranking_columns(self) -> list[IndicatorDefinition]:
        return [definitions()[code] for code in RANKING_COLUMNS]


def targets(agency, year: int) -> dict[str, Decimal]:
    """Targets of ``year``: the agency's own, else the province's."""
    out = {}
    mine = Q(agency__isnull=True) | (Q(agency=agency) if agency else Q(pk__in=[]))
    for target in Target.objects.filter(mine, year=year):
        if target.indicator not in out or target.agency_id:
            out[target.indicator] = target.value
    return out


def _ranked_units(agency) -> list[Agency]:
    """Province: every ranked agency; an agency: the organisations directly below it (if any)."""
    if agency is None:
        return ranking_agencies()
    return list(
        agency.children.active().exclude(kind=Agency.Kind.DEPARTMENT).order_by("sort_order", vi_order("name"))
    ) or list(agency.children.active().order_by("sort_order", vi_order("name")))


def build(agency: Agency | None, period: Period) -> Dashboard:
    rules = index766.rules()
    codes = set(KEY_INDICATORS) | set(RANKING_COLUMNS) | rules[1]
    own = own_totals(period, codes)  # the one grouped query over the facts (+ one in-progress count)
    here = values_for([agency], period, KEY_INDICATORS, own=own)[agency.pk if agency else None]
    goal = targets(agency, period.end.year)
    rows = [Row(definitions()[code], here[code], goal.get(code)) for code in KEY_INDICATORS]
    units = _ranked_units(agency)
    unit_values = values_for(units, period, set(RANKING_COLUMNS), own=own)
    scores = {s.agency.pk: s for s in index766.ranking(period, units, own=own, rules=rules)}
    ranking = [RankRow(unit, unit_values[unit.pk], scores[unit.pk]) for unit in units]
    ranking.sort(key=lambda r: (-r.index.total, r.agency.name))
    for position, row in enumerate(ranking, start=1):
        row.position = position
    return Dashboard(
        agency=agency,
        period=period,
        rows=rows,
        trends=trends(agency, period),
        ranking=ranking,
        index=index766.evaluate(agency, period, own=own, rules=rules),
    )


def trends(agency, period: Period) -> list[dict]:
    """Per trend indicator: one point per month of the period (one grouped query)."""
    defs = [definitions()[code] for code in TREND_INDICATORS]
    metrics = {m for d in defs for m in (*d.numerator_metrics, *(d.denominator_metrics or ()))}
    by_month = facts.totals_by_month(agency_ids(agency), period, metrics)
    out = []
    for definition in defs:
        points = []
        for month in period.months():
            key = date(month.start.year, month.start.month, 1)
            points.append({"month": month, "value": definition.from_totals(by_month.get(key, {}))})
        out.append({"definition": definition, "points": points})
    return out
