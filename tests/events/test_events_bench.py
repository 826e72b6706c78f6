import re

import pytest
from django.core.management import call_command

from egov.events.models import Delivery
from egov.events.registry import registry


@pytest.mark.django_db
def test_outbox_scenario_runs(capsys, monkeypatch):
    monkeypatch.setenv("EGOV_BENCH_CHILD", "1")  # run in this process, on the test database
    call_command("bench", "outbox", "--scale", "0.01")
    assert re.search(r"^outbox\s+[\d,.]+ events/s\s+baseline", capsys.readouterr().out, re.M)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.DONE}
    assert registry.get("bench.noop") is None
