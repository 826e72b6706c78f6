"""The benchmark scenarios run (tiny scale) and the workspace navigation links to the inboxes."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from egov.core.benchmarking import discover

pytestmark = pytest.mark.django_db


def test_scenarios_are_registered():
    registry = discover()
    assert registry["onestop-intake"].unit == "dossiers/s"
    assert registry["onestop-inbox"].unit == "ms" and not registry["onestop-inbox"].higher_is_better


def test_bench_prints_measured_figures(capsys, monkeypatch):
    monkeypatch.setenv("EGOV_BENCH_CHILD", "1")  # run in this process, on the test database
    call_command("bench", "onestop-intake", "onestop-inbox", "--scale", "0.001")
    out = capsys.readouterr().out
    assert re.search(
        r"^onestop-intake\s+[\d,.]+ dossiers/s\s+baseline\s+[\d,.]+ \(bare ORM, same rows, 1 tx/dossier\)", out, re.M
    )
    assert re.search(r"^onestop-inbox\s+[\d,.]+ ms\s+baseline\s+[\d,.]+ \(bare inbox queries\)\s+ratio", out, re.M)


@pytest.mark.urls("dossiers.urls_for_tests")
def test_workspace_links_to_the_boxes_of_the_role(world, client):
    client.force_login(world.officer)
    html = client.get(reverse("core:workspace")).content.decode()
    for name in ("receive", "process", "return", "overdue", "search", "stats"):
        assert f'href="{reverse(f"dossiers:{name}")}"' in html
    assert f'href="{reverse("dossiers:approve")}"' not in html
    client.force_login(world.specialist)
    html = client.get(reverse("core:workspace")).content.decode()
    assert f'href="{reverse("dossiers:process")}"' in html and f'href="{reverse("dossiers:receive")}"' not in html
