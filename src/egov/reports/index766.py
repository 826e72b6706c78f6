"""The service-quality index of Quyết định 766/QĐ-TTg, scored from rules kept as data (``IndexGroup``,
``IndexComponent``, ``ManualScore``; seeded by migration 0002, editable in the admin).

Each measured component scores its linked indicator (a percentage) with its rule; a component the
platform cannot measure is "nhập tay": its points come from ``ManualScore`` or count 0 while missing.
The total is also shown on a 100-point scale (``score100``) because the seeded group maxima add up to
``max_total`` (see docs/reports.md for the sources), and graded on that scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .indicators import Period
from .models import IndexComponent, IndexGroup, ManualScore
from .rollup import ranking_agencies, values_for

GRADES = (
    (Decimal(90), _("Xuất sắc")),
    (Decimal(80), _("Tốt")),
    (Decimal(70), _("Khá")),
    (Decimal(50), _("Trung bình")),
    (Decimal(0), _("Yếu")),
)
CENT = Decimal("0.01")


@dataclass
class ComponentScore:
    component: IndexComponent
    ratio: Decimal | None  # the indicator's percentage (None: manual or no data)
    points: Decimal | None  # None: not measured / not entered

    @property
    def manual(self) -> bool:
        return self.component.method == IndexComponent.Method.MANUAL


@dataclass
class GroupScore:
    group: IndexGroup
    components: list[ComponentScore] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((c.points or Decimal(0) for c in self.components), Decimal(0))


@dataclass
class IndexScore:
    agency: object  # Agency or None (province)
    groups: list[GroupScore]

    @property
    def total(self) -> Decimal:
        return sum((g.points for g in self.groups), Decimal(0))

    @property
    def max_total(self) -> Decimal:
        return sum((g.group.max_points for g in self.groups), Decimal(0))

    @property
    def score100(self) -> Decimal:
        return (self.total * 100 / self.max_total).quantize(CENT) if self.max_total else Decimal(0)

    @property
    def grade(self) -> str:
        return next(str(label) for floor, label in GRADES if self.score100 >= floor)

    @property
    def label(self) -> str:
        return self.agency.name if self.agency is not None else str(_("Toàn tỉnh"))


def _rules():
    groups = list(IndexGroup.objects.prefetch_related("components"))
    codes = {c.indicator for g in groups for c in g.components.all() if c.indicator and c.method != "manual"}
    return groups, codes


def _manual(year: int) -> dict:
    return {(m.component_id, m.agency_id): m.points for m in ManualScore.objects.filter(year=year)}


def _score(agency, groups, values: dict, manual: dict) -> IndexScore:
    result = IndexScore(agency=agency, groups=[])
    for group in groups:
        scored = GroupScore(group=group)
        for component in group.components.all():
            if component.method == IndexComponent.Method.MANUAL:
                points = manual.get((component.pk, agency.pk if agency else None))
                scored.components.append(ComponentScore(component, None, points))
                continue
            value = values.get(component.indicator)
            ratio = value.value if value is not None else None
            scored.components.append(ComponentScore(component, ratio, component.score(ratio)))
        result.groups.append(scored)
    return result


def evaluate(agency, period: Period, *, own=None, rules=None) -> IndexScore:
    """The index of ``agency`` (its subtree; None = province) over ``period``."""
    groups, codes = rules or _rules()
    values = values_for([agency], period, codes, own=own)[agency.pk if agency else None]
    return _score(agency, groups, values, _manual(period.end.year))


def rules():
    """``(groups with their components, indicator codes used)``: load once, pass to ``evaluate``/``ranking``."""
    return _rules()


def index_codes() -> set[str]:
    return _rules()[1]


def ranking(period: Period, agencies=None, *, own=None, rules=None) -> list[IndexScore]:
    """Every ranked agency's index, best first (a fixed number of queries, whatever the agency count)."""
    agencies = ranking_agencies() if agencies is None else list(agencies)
    groups, codes = rules or _rules()
    values = values_for(agencies, period, codes, own=own)
    manual = _manual(period.end.year)
    scores = [_score(a, groups, values[a.pk], manual) for a in agencies]
    return sorted(scores, key=lambda s: (-s.total, s.label))
