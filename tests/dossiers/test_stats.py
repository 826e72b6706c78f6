"""Statistics: counted in the database by agency (rolled up) or sector, for a period; page, chart and XLSX."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.accounts.models import Role
from egov.dossiers import stats
from egov.dossiers.models import Channel, Outcome
from egov.dossiers.transitions import Status

from .factories import ProcedureFactory, SectorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("dossiers.urls_for_tests")]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
NOW = datetime(2026, 4, 15, 9, 0, tzinfo=VN)


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, 0, tzinfo=VN)


@pytest.fixture
def seeded(world):
    w = world
    land = ProcedureFactory(onestop=True, sector=SectorFactory(code="DD", name="Đất đai"), agencies=[w.so2])
    rows = [
        # received in March at the desk, online and by post; still in progress at the end of March
        dict(channel=Channel.DESK, received_at=at(3, 5), due_at=at(4, 20)),
        dict(channel=Channel.ONLINE, received_at=at(3, 6), due_at=at(3, 20)),  # overdue on 1 April
        dict(channel=Channel.POST, received_at=at(3, 7), due_at=at(4, 2)),
        # finished in March: early, on time, late; one of them returned in March
        dict(received_at=at(3, 2), result_at=at(3, 10), outcome=Outcome.EARLY, status=Status.RESULT_READY),
        dict(received_at=at(3, 2), result_at=at(3, 12), outcome=Outcome.ON_TIME, status=Status.RESULT_READY),
        dict(
            received_at=at(2, 20),
            result_at=at(3, 3),
            returned_at=at(3, 4),
            closed_at=at(3, 4),
            outcome=Outcome.LATE,
            status=Status.RETURNED,
        ),
        # carried over from February, still in progress
        dict(received_at=at(2, 25), due_at=at(4, 30)),
        # entirely in February: not counted
        dict(received_at=at(2, 2), result_at=at(2, 10), returned_at=at(2, 11), closed_at=at(2, 11), outcome="early"),
        # refused in February: no longer in progress
        dict(received_at=at(2, 26), closed_at=at(2, 27), status=Status.REFUSED),
    ]
    for fields in rows:
        w.dossier(**fields)
    w.dossier(handling_agency=w.so2, procedure=land, received_at=at(3, 9), due_at=at(3, 25))
    return w


def figures(row):
    return {k: v for k, v in row.counts.items() if v}


def test_counts_by_agency_with_roll_up(seeded, world):
    provincial_leader = world.staff(Role.AGENCY_LEADER, world.ubnd)
    report = stats.dossier_stats(provincial_leader, **MARCH, now=NOW)
    by_label = {row.label: row for row in report.rows}
    assert [row.label for row in report.rows][0] == world.ubnd.name
    so = by_label[world.so.name]
    assert figures(so) == {
        "received_desk": 3,  # 5/3, and the two finished ones received on 2/3
        "received_online": 1,
        "received_post": 1,
        "in_progress_on_time": 3,  # due 20/4, 2/4 and 30/4
        "in_progress_overdue": 1,  # due 20/3
        "finished_early": 1,
        "finished_on_time": 1,
        "finished_late": 1,
        "returned": 1,
    }
    assert (so.received, so.in_progress, so.finished, so.returned) == (5, 4, 3, 1)
    assert figures(by_label[world.so2.name]) == {"received_desk": 1, "in_progress_overdue": 1}
    top = by_label[world.ubnd.name]
    assert top.depth == 0 and top.has_children and by_label[world.so.name].depth == 1
    assert top.counts == report.total.counts
    assert report.total.received == 6


def test_counts_by_sector_and_sector_filter(seeded, world):
    report = stats.dossier_stats(world.officer, **MARCH, group_by=stats.GROUP_SECTOR, now=NOW)
    assert {row.label: row.received for row in report.rows} == {"Hộ tịch": 5, "Đất đai": 1}
    only = stats.dossier_stats(world.officer, **MARCH, sector=world.sector, now=NOW)
    assert only.total.received == 5


def test_scope_limits_the_figures(seeded, world):
    report = stats.dossier_stats(world.leader, **MARCH, now=NOW)  # leader of the Sở Tư pháp
    assert [row.label for row in report.rows] == [world.so.name]
    assert report.total.received == 5


def test_one_grouped_query_whatever_the_number_of_dossiers(seeded, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(5) as few:
        stats.dossier_stats(world.officer, **MARCH, now=NOW)
    count = len(few.captured_queries)
    for _ in range(30):
        world.dossier(received_at=at(3, 5), due_at=at(4, 20))
    with django_assert_max_num_queries(count):
        report = stats.dossier_stats(world.officer, **MARCH, now=NOW)
    assert report.total.received == 36


def test_page_has_the_table_and_an_accessible_chart(seeded, world, staff_client):
    response = staff_client(world.officer).get(
        reverse("dossiers:stats"), {"start": "2026-03-01", "end": "2026-03-31", "group_by": "agency"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img"' in html and "<title" in html and "<rect" in html
    assert "Sở Tư pháp" in html and "Trễ hạn" in html
    assert f"{reverse('dossiers:stats-xlsx')}?start=2026-03-01" in html


def test_page_defaults_to_this_month_and_refuses_a_reversed_period(world, staff_client):
    client = staff_client(world.officer)
    assert client.get(reverse("dossiers:stats")).status_code == 200
    response = client.get(reverse("dossiers:stats"), {"start": "2026-03-31", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()


def test_xlsx_download(seeded, world, staff_client):
    response = staff_client(world.officer).get(
        reverse("dossiers:stats-xlsx"), {"start": "2026-03-01", "end": "2026-03-31", "group_by": "sector"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-ho-so-20260301-20260331.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thống kê tình hình giải quyết hồ sơ thủ tục hành chính"
    assert "01/03/2026" in rows[1][0]
    assert rows[3][:2] == ("Lĩnh vực", "Tiếp nhận") and rows[4][1:4] == ("Trực tiếp", "Trực tuyến", "Bưu chính")
    data = {row[0]: row[1:] for row in rows[5:]}
    assert data["Hộ tịch"][:3] == (3, 1, 1)
    assert data["Tổng cộng"][0] == 4  # desk: three Hộ tịch, one Đất đai
