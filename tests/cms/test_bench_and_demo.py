import time

import pytest

from egov.cms.models import GazetteIssue, LegalDocument, NewsPage, PortalHomePage, ProcurementItem


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
