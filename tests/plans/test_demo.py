"""The demo plan and reports load through the services, in every state, and loading twice changes nothing."""

from django.urls import reverse

from egov.core.templatetags.egov import NAVIGATION
from egov.plans.demo import load_demo
from egov.plans.models import ItPlan, ReportSubmission


def test_demo_loads_once_with_every_state(db, client):
    from egov.agencies.demo import load_demo as load_agencies

    load_agencies()
    assert load_demo() == []
    assert load_demo() == []
    plan = ItPlan.objects.get(code="KH-CDS-2026-2030")
    assert plan.indicators.count() == 11 and plan.projects.count() == 4
    assert plan.indicators.exclude(computed_code="").count() == 6
    statuses = set(ReportSubmission.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "accepted"}
    assert ReportSubmission.objects.overdue().exists()
    client.login(username="admin", password="demo12345")
    assert client.get(reverse("plans:plan-detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:report-list")).status_code == 200


def test_nav_items_are_registered():
    names = {url_name for _area, url_name in NAVIGATION}
    assert {"plans:plan-list", "plans:report-list"} <= names
