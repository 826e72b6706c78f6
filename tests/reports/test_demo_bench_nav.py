"""Demo data, the rebuild command, the benchmark at a tiny scale and the navigation links."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egov.core.benchmarking import BenchContext, discover
from egov.core.templatetags.egov import NAVIGATION
from egov.reports import facts
from egov.reports.indicators import Period, compute
from egov.reports.models import DailyFact, IndexGroup, Target


def test_demo_loader_rebuilds_the_facts_and_is_idempotent(data):
    from egov.reports.demo import load_demo

    load_demo()  # `egov demo` calls it after the dossiers and documents apps' loaders
    assert facts.stored_facts() == facts.raw_facts()
    assert IndexGroup.objects.count() == 5 and Target.objects.filter(agency=None).count() == 10
    assert compute("dossiers.received", period=Period.month(2025, 10)).numerator == 6
    counts = DailyFact.objects.count(), Target.objects.count()
    load_demo()
    assert (DailyFact.objects.count(), Target.objects.count()) == counts


def test_rebuild_command(data, capsys):
    call_command("reports", "rebuild", "--from", "2025-10-01", "--to", "2025-10-31")
    assert "Đã dựng lại" in capsys.readouterr().out
    assert facts.stored_facts() == facts.raw_facts(Period.month(2025, 10).start, Period.month(2025, 10).end)
    with pytest.raises(CommandError):
        call_command("reports", "rebuild", "--from", "2025-10-31", "--to", "2025-10-01")


@pytest.mark.django_db(transaction=True)
def test_bench_scenario_at_a_tiny_scale(capsys):
    scenario = discover()["reports-dashboard"]
    measurement = scenario.func(BenchContext(scale=0.0005))
    assert measurement.measured > 0 and measurement.baseline > 0
    assert "dashboard median" in capsys.readouterr().out
    assert DailyFact.objects.exists()


def test_nav_items_are_registered():
    assert ("staff", "reports:home") in NAVIGATION and ("staff", "reports:index766") in NAVIGATION
