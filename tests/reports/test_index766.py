"""The Decision 766 index on the hand-made October 2025 data (rules from the seeding migration)."""

from decimal import Decimal

import pytest

from egov.reports import facts
from egov.reports.index766 import evaluate, ranking
from egov.reports.indicators import Period
from egov.reports.models import IndexComponent, ManualScore
from egov.reports.seed766 import ensure_index_rules

OCTOBER = Period.month(2025, 10)


@pytest.fixture
def scored(data):
    ensure_index_rules()  # a transactional test before may have flushed the seeded rows
    facts.rebuild()
    return data


def points(score) -> dict:
    return {c.component.code: c.points for g in score.groups for c in g.components}


def test_province_index(scored):
    ManualScore.objects.create(component=IndexComponent.objects.get(code="CKMB.1"), agency=None, year=2025, points=15)
    score = evaluate(None, OCTOBER)
    assert points(score) == {
        "CKMB.1": Decimal(15),
        "TDGQ.1": Decimal("10.00"),  # 20 × 50 %
        "SHHS.1": Decimal("2.00"),  # 6 × 33.33 %
        "SHHS.2": Decimal("3.2"),  # 16.67 % < 80 %
        "SHHS.3": None,  # nhập tay, not entered
        "DVTT.1": Decimal(6),  # 50 % ≥ 50 %
        "DVTT.2": Decimal(6),  # 66.67 % ≥ 30 %
        "HLNG.1": Decimal("9.00"),  # 18 × 50 %
    }
    assert score.total == Decimal("51.20")
    assert score.max_total == Decimal(90)
    assert score.score100 == Decimal("56.89")
    assert score.grade == "Trung bình"
    assert [g.group.code for g in score.groups] == ["CKMB", "TDGQ", "SHHS", "DVTT", "HLNG"]


def test_ranking_and_breakdown(scored, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rows = ranking(OCTOBER)
    assert [r.agency for r in rows[:2]] == [scored.so, scored.so2]
    assert rows[0].total == Decimal("31.20")  # 8 + 2 + 3.2 + 3 + 6 + 9
    assert rows[1].total == Decimal("29.20")  # 20 + 3.2 + 6
    assert points(rows[1])["DVTT.2"] is None  # no fee dossiers: no data, not zero per cent
    assert all(r.total == 0 for r in rows[2:])


def test_component_rules():
    ratio = IndexComponent(max_points=Decimal(20), method="ratio")
    assert ratio.score(Decimal("87.5")) == Decimal("17.50")
    assert ratio.score(None) is None
    threshold = IndexComponent(
        max_points=Decimal(6), method="threshold", threshold=Decimal(50), points_below=Decimal(3)
    )
    assert threshold.score(Decimal(50)) == Decimal(6)
    assert threshold.score(Decimal("49.99")) == Decimal(3)
    proportional = IndexComponent(max_points=Decimal(6), method="threshold", threshold=Decimal(30))
    assert proportional.score(Decimal(20)) == Decimal("1.20")
    assert IndexComponent(max_points=Decimal(5), method="manual").score(Decimal(100)) is None
