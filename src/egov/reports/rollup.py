"""Many indicators for many agencies at once: one grouped query over the facts, rolled up the agency tree."""

from __future__ import annotations

from collections.abc import Iterable

from egov.agencies.models import Agency
from egov.core.collation import vi_order

from . import facts
from .indicators import IndicatorValue, Period, agency_ids, definitions


def _metrics(defs) -> set[str]:
    out = set()
    for definition in defs:
        out.update(definition.numerator_metrics or ())
        out.update(definition.denominator_metrics or ())
    return out


def own_totals(period: Period, codes: Iterable[str]) -> dict[int, dict[str, int]]:
    """Each agency's own (not rolled-up) metric sums for the fact-based indicators ``codes``."""
    fact_defs = [d for d in (definitions()[c] for c in codes) if d.fact_based]
    return facts.totals_by_agency(None, period, _metrics(fact_defs)) if fact_defs else {}


def values_for(agencies: Iterable[Agency | None], period: Period, codes: Iterable[str], own=None) -> dict:
    """``{agency pk or None: {code: IndicatorValue}}`` for each agency (its subtree; None = province).

    Fact-based indicators cost one grouped query in all (or none when ``own`` from ``own_totals`` is given);
    the others are computed one by one."""
    agencies = list(agencies)
    defs = [definitions()[code] for code in codes]
    fact_defs = [d for d in defs if d.fact_based]
    own = own_totals(period, codes) if own is None else own
    paths = dict(Agency.objects.filter(pk__in=list(own)).values_list("pk", "path")) if own else {}
    out = {}
    for agency in agencies:
        summed: dict[str, int] = {}
        for pk, values in own.items():
            if agency is None or paths.get(pk, "").startswith(agency.path):
                for metric, value in values.items():
                    summed[metric] = summed.get(metric, 0) + value
        row = {d.code: d.from_totals(summed) for d in fact_defs}
        for definition in defs:
            if not definition.fact_based:
                row[definition.code] = _safe(definition, agency, period)
        out[agency.pk if agency else None] = row
    return out


def _safe(definition, agency, period) -> IndicatorValue | None:
    try:
        return definition.compute(agency_ids(agency), period)
    except ImportError:  # an optional source app is missing
        return None


def ranking_agencies():
    """The agencies ranked against each other: every active organisation below the top of the tree."""
    return list(
        Agency.objects.active()
        .exclude(kind=Agency.Kind.DEPARTMENT)
        .filter(parent__isnull=False)
        .order_by("sort_order", vi_order("name"))
    )
