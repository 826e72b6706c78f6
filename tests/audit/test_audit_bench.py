import re

import pytest
from django.core.management import call_command

from egov.audit.verify import verify_chain


@pytest.mark.django_db
def test_audit_append_scenario_runs_and_leaves_the_chain_intact(capsys, monkeypatch):
    monkeypatch.setenv("EGOV_BENCH_CHILD", "1")  # run in this process, on the test database
    call_command("bench", "audit-append", "--scale", "0.005")
    assert re.search(r"^audit-append\s+[\d,.]+ records/s\s+baseline", capsys.readouterr().out, re.M)
    result = verify_chain()
    assert result.ok and result.checked == 10
