from datetime import date

import pytest

from egov.documents import services
from egov.documents.stats import unit_statistics

from .factories import at

pytestmark = pytest.mark.django_db


def test_unit_statistics_count_on_time_late_overdue_and_electronic_share(world):
    a = world.a

    def registered(notation, channel="electronic", deadline=None):
        data = world.incoming_data(notation=notation, channel=channel, deadline=deadline)
        return services.register_incoming(data, clerk=a.clerk, now=at(2026, 3, 2, 8, 0))

    on_time = services.assign(registered("1/A"), actor=a.leader, lead_user=a.spec1, deadline=date(2026, 3, 10))
    services.mark_done(on_time, actor=a.spec1, now=at(2026, 3, 9, 8, 0))
    late = services.assign(registered("2/A", "paper"), actor=a.leader, lead_user=a.spec1, deadline=date(2026, 3, 5))
    services.mark_done(late, actor=a.spec1, now=at(2026, 3, 9, 8, 0))
    services.assign(registered("3/A"), actor=a.leader, lead_unit=a.dept, deadline=date(2026, 3, 6))
    registered("4/A", "paper")

    rows = {r.unit: r for r in unit_statistics(a.leader, date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 3, 9))}
    dept = rows[a.dept.name]
    assert (dept.received, dept.done_on_time, dept.done_late, dept.open, dept.overdue) == (3, 1, 1, 1, 1)
    assert dept.electronic_share == 66.7
    assert rows[""].received == 1 and rows[""].electronic_share == 0.0
    assert unit_statistics(world.b.leader, date(2026, 3, 1), date(2026, 3, 31)) == []
