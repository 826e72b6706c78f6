import re

import pytest
from django.core.management import call_command

from egov.core.benchmarking import Measurement, Scenario, discover


def test_ratio_direction():
    rate = Scenario("a", lambda ctx: None, "op/s", "bare", True, "")
    duration = Scenario("b", lambda ctx: None, "ms", "bare", False, "")
    assert rate.ratio(Measurement(measured=50, baseline=100)) == 0.5
    assert duration.ratio(Measurement(measured=200, baseline=100)) == 0.5


def test_scenarios_are_discovered():
    assert "healthz" in discover()


@pytest.mark.django_db
def test_bench_prints_measured_figures(capsys, monkeypatch):
    monkeypatch.setenv("EGOV_BENCH_CHILD", "1")  # run in this process, on the test database
    call_command("bench", "healthz", "--scale", "0.01")
    out = capsys.readouterr().out
    assert re.search(r"^healthz\s+[\d,.]+ req/s\s+baseline\s+[\d,.]+ \(bare SELECT 1\)\s+ratio \d+\.\d{3}$", out, re.M)


def test_unknown_scenario_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có kịch bản"):
        call_command("bench", "no-such-thing")
