import re
import time

import pytest
from django.core.management import call_command

from egov.cms.models import GazetteIssue, LegalDocument, NewsPage, PortalHomePage, ProcurementItem
from egov.core.benchmarking import discover


def test_portal_home_scenario_is_registered():
    assert "portal-home" in discover()


@pytest.mark.django_db(transaction=True)
def test_bench_portal_home_prints_figures(capsys, monkeypatch):
    from .helpers import tree_root

    tree_root()
    monkeypatch.setenv("EGOV_BENCH_CHILD", "1")  # run in this process, on the test database
    call_command("bench", "portal-home", "--scale", "0.05")
    out = capsys.readouterr().out
    assert re.search(r"^portal-home\s+[\d,.]+ req/s\s+baseline\s+[\d,.]+ \(static CSS file, same server\)", out, re.M)


@pytest.mark.django_db
def test_demo_builds_a_populated_portal_quickly_and_once():
    from egov.agencies.demo import load_demo as load_agencies
    from egov.cms.demo import load_demo

    load_agencies()
    started = time.monotonic()
    load_demo()
    assert time.monotonic() - started < 120  # generous: CI machines are shared; a few seconds when idle
    assert PortalHomePage.objects.count() == 2  # the portal and its English section
    assert NewsPage.objects.live().count() >= 10
    assert LegalDocument.objects.public().count() >= 20
    assert GazetteIssue.objects.public().count() == 2 and ProcurementItem.objects.public().count() >= 3
    load_demo()
    assert NewsPage.objects.count() == 10
