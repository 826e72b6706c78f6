import re

import pytest
from django.core.management import call_command

from egov.audit.verify import verify_chain


def _run(name, capsys, monkeypatch):
    monkeypatch.setenv("EGOV_BENCH_CHILD", "1")  # run in this process, on the test database
    call_command("bench", name, "--scale", "0.005")
    assert re.search(rf"^{name}\s+[\d,.]+ (records/s|s)\s+baseline", capsys.readouterr().out, re.M)
    result = verify_chain()
    assert result.ok and result.unsealed == 0
    return result


@pytest.mark.django_db
def test_audit_append_scenario_runs_and_leaves_the_log_intact(capsys, monkeypatch):
    assert _run("audit-append", capsys, monkeypatch).sealed == 10  # the bare rows are gone again


@pytest.mark.django_db
def test_audit_verify_scenario_seeds_through_the_bulk_import(capsys, monkeypatch):
    assert _run("audit-verify", capsys, monkeypatch).sealed == 5000


@pytest.mark.django_db(transaction=True)
def test_audit_append_8_scenario_runs_with_threads(capsys, monkeypatch):
    assert _run("audit-append-8", capsys, monkeypatch).sealed == 10 + 8
