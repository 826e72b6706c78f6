"""The public week and the lobby screen in headless Chromium: no serious axe-core violations."""

from datetime import time

import pytest
from django.utils import timezone

from browser_tools import axe_violations, describe
from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.meetings import services
from factories import AgencyFactory, OfficialFactory, PositionFactory, StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_week_and_lobby_screen_are_accessible(page):  # noqa: F811
    root = AgencyFactory(name="UBND tỉnh Thử", kind=Agency.Kind.PEOPLES_COMMITTEE)
    chair = OfficialFactory(agency=root, position=PositionFactory(name="Chủ tịch", rank=10, is_leader=True))
    clerk = StaffUserFactory(official=OfficialFactory(agency=root), roles=[Role.CLERK])
    schedule = services.open_week(root, timezone.localdate(), actor=clerk)
    services.add_entry(
        schedule,
        services.EntryInput(date=timezone.localdate(), start_time=time(8), content="Họp giao ban", leaders=[chair]),
        actor=clerk,
    )
    services.publish_schedule(schedule, actor=clerk)
    for url in ("/lich-cong-tac/", "/lich-cong-tac/man-hinh/"):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "vi"
        assert "Họp giao ban" in page.content()
        violations = axe_violations(page)
        assert not violations, f"{url}: {describe(violations)}"
