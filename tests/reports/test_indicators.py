"""Each indicator on the hand-made October 2025 data set (see conftest.py for the rows)."""

from datetime import date
from decimal import Decimal

import pytest

from egov.reports import facts
from egov.reports.indicators import IndicatorValue, Period, compute, definitions

OCTOBER = Period.month(2025, 10)

# indicator -> (province, Sở Tư pháp with its department)
EXPECTED = {
    "dossiers.received": (6, 5),
    "dossiers.received_desk": (2, 2),
    "dossiers.received_online": (3, 2),
    "dossiers.received_post": (1, 1),
    "dossiers.online_share": (Decimal("50.00"), Decimal("40.00")),
    "dossiers.full_online_share": (Decimal("66.67"), Decimal("50.00")),
    "dossiers.paid_online_share": (Decimal("66.67"), Decimal("66.67")),
    "dossiers.digitised_share": (Decimal("16.67"), Decimal("20.00")),
    "dossiers.e_result_share": (Decimal("33.33"), Decimal("33.33")),
    "dossiers.finished": (3, 3),
    "dossiers.finished_early": (1, 1),
    "dossiers.finished_on_time": (1, 1),
    "dossiers.finished_late": (1, 1),
    "dossiers.on_time_share": (Decimal("66.67"), Decimal("66.67")),
    "dossiers.overdue_in_progress": (2, 2),
    "dossiers.progress_share": (Decimal("50.00"), Decimal("40.00")),
    "dossiers.satisfaction": (Decimal("50.00"), Decimal("50.00")),
    "documents.incoming": (3, 3),
    "documents.outgoing": (3, 3),
    "documents.electronic_share": (Decimal("50.00"), Decimal("50.00")),
    "documents.signed_share": (Decimal("66.67"), Decimal("66.67")),
    "documents.on_time_share": (Decimal("66.67"), Decimal("66.67")),
}


@pytest.fixture
def rebuilt(data):
    facts.rebuild()
    return data


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_indicator_on_hand_made_data(rebuilt, code):
    province, so = EXPECTED[code]
    assert compute(code, period=OCTOBER).value == province
    assert compute(code, agency=rebuilt.so, period=OCTOBER).value == so


def test_other_agency_and_empty_period(rebuilt):
    assert compute("dossiers.online_share", agency=rebuilt.so2, period=OCTOBER).value == Decimal("100.00")
    assert compute("dossiers.received", agency=rebuilt.dept, period=OCTOBER).value == 1
    empty = compute("dossiers.online_share", period=Period.month(2024, 1))
    assert empty == IndicatorValue(0, 0) and empty.value is None
    assert compute("dossiers.received", period=Period.month(2025, 11)).value == 1  # d5


def test_every_indicator_has_a_definition_shown_to_users():
    for code, definition in definitions().items():
        assert definition.code == code
        assert str(definition.name) and str(definition.numerator) and str(definition.source)
        assert definition.unit in {"%", "count", "points"}
        assert bool(str(definition.denominator)) == (definition.unit == "%")


def test_feedback_indicator(rebuilt):
    pytest.importorskip("egov.feedback.stats", reason="egov.feedback.stats not written yet")
    value = compute("feedback.answered_on_time_share", period=OCTOBER)
    assert value.numerator == 0 and value.denominator == 0


def test_unknown_indicator():
    with pytest.raises(KeyError):
        compute("nope", period=OCTOBER)


def test_periods():
    assert Period.month(2024, 2) == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert Period.quarter(2025, 3) == Period(date(2025, 7, 1), date(2025, 9, 30))
    assert Period.half(2025, 2) == Period(date(2025, 7, 1), date(2025, 12, 31))
    assert Period.year(2025) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert Period.decree_09("month", 2025, 1) == Period(date(2024, 12, 15), date(2025, 1, 14))
    assert Period.decree_09("month", 2025, 7) == Period(date(2025, 6, 15), date(2025, 7, 14))
    assert Period.decree_09("quarter", 2025, 2) == Period(date(2025, 3, 15), date(2025, 6, 14))
    assert Period.decree_09("half", 2025, 1) == Period(date(2024, 12, 15), date(2025, 6, 14))
    assert Period.decree_09("half", 2025, 2) == Period(date(2025, 6, 15), date(2025, 12, 14))
    assert Period.decree_09("year", 2025, 1) == Period(date(2024, 12, 15), date(2025, 12, 14))
    assert [p.start.month for p in Period.quarter(2025, 1).months()] == [1, 2, 3]
    with pytest.raises(ValueError):
        Period.decree_09("week", 2025, 1)
    with pytest.raises(ValueError):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def test_value_rounding():
    assert IndicatorValue(1, 3).value == Decimal("33.33")
    assert IndicatorValue(2, 3).value == Decimal("66.67")
    assert IndicatorValue(7, None).value == Decimal(7)
