import pytest
from django.urls import reverse

from egov.core.benchmarking import BenchContext
from egov.feedback import bench


@pytest.mark.django_db
def test_bench_scenarios_measure_something():
    ctx = BenchContext(scale=0.01)
    for scenario in (bench.feedback_submit, bench.feedback_public_list):
        result = scenario(ctx)
        assert result.measured > 0 and result.baseline > 0


@pytest.mark.django_db
def test_nav_links(client, world):
    html = client.get(reverse("feedback:questions")).content.decode()
    for name in ("feedback:questions", "feedback:feedback-list", "feedback:consultations", "meetings:schedule"):
        assert f'href="{reverse(name)}"' in html
    client.force_login(world.clerk_a)
    html = client.get(reverse("core:workspace")).content.decode()
    assert reverse("feedback:staff-inbox") in html and reverse("meetings:staff-schedules") in html
