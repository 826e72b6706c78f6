"""Figures the Vietnamese way on Vietnamese pages: 200.000 đồng, 12/05/1990, 72,73 %."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from egov.core import formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [(200000, "200.000 đồng"), (Decimal("1500000000"), "1.500.000.000 đồng"), (0, "0 đồng"), (None, "")],
)
def test_money(value, expected):
    assert formatting.money(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1250000, None, "1.250.000"),
        (Decimal("15.50"), None, "15,5"),
        (Decimal("10.0"), None, "10"),
        (72.7272, 2, "72,73"),
        (-1234.5, 1, "-1.234,5"),
        ("abc", None, "abc"),
    ],
)
def test_number(value, decimals, expected):
    assert formatting.number(value, decimals) == expected


def test_percent():
    assert formatting.percent(Decimal("72.7272")) == "72,73 %"
    assert formatting.percent(100.0) == "100,00 %"
    assert formatting.percent(Decimal("50.5"), 1) == "50,5 %"


def test_dates_in_viet_nam_time():
    assert formatting.short_date(date(1990, 5, 12)) == "12/05/1990"
    assert formatting.short_date("1990-05-12") == "12/05/1990"
    # 23:30 UTC on 11 May is 06:30 on 12 May in Viet Nam
    assert formatting.short_date(datetime(2026, 5, 11, 23, 30, tzinfo=UTC)) == "12/05/2026"
    assert formatting.short_datetime(datetime(2026, 5, 11, 23, 30, tzinfo=UTC)) == "12/05/2026 06:30"


def test_filters_are_on_every_template_and_django_formats_are_vietnamese():
    template = Template(
        "{{ fee|money }}|{{ ratio|percent }}|{{ born|vndate }}|{{ born }}|{{ iso|vndate }}|{{ share }}|{{ n|number }}"
    )
    with translation.override("vi"):
        out = template.render(
            Context(
                {
                    "fee": 200000,
                    "ratio": Decimal("72.73"),
                    "born": date(1990, 5, 12),
                    "iso": "1990-05-12",
                    "share": 72.73,
                    "n": 12345,
                }
            )
        )
    assert out == "200.000 đồng|72,73 %|12/05/1990|12/05/1990|12/05/1990|72,73|12.345"


def test_no_thousands_grouping_elsewhere_in_python():
    """One implementation: the grouping idiom appears only in egov/core/formatting.py."""
    from pathlib import Path

    src = Path(formatting.__file__).resolve().parents[1]
    idiom = ':,}".replace(",", ".")'
    offenders = [
        str(p.relative_to(src)) for p in src.rglob("*.py") if p.name != "formatting.py" and idiom in p.read_text()
    ]
    assert offenders == []


def test_online_answers_read_the_vietnamese_way():
    from egov.services_portal.schema import display_answer

    assert display_answer({"type": "string", "format": "date"}, "1990-05-12") == "12/05/1990"
    assert display_answer({"type": "integer"}, 200000) == "200.000"
    assert display_answer({"type": "string"}, "Nguyễn Văn A") == "Nguyễn Văn A"
