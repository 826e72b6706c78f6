"""This week's work schedule of the provincial leaders (published). Needs the demo province; idempotent."""

from datetime import time, timedelta

from django.utils import timezone

from egov.accounts.models import User
from egov.agencies.models import Agency, Official

from . import services
from .models import WorkSchedule

PROVINCE, OFFICE = "000.00.00.H99", "000.00.01.H99"

# (weekday, start, end, content, location, leader indexes (0 chair, 1-2 vice-chairs), participants)
PLAN = [
    (
        0,
        time(7, 30),
        time(9, 0),
        "Giao ban lãnh đạo UBND tỉnh đầu tuần",
        "Phòng họp số 1",
        [0, 1, 2],
        "Chánh Văn phòng",
    ),
    (
        0,
        time(14, 0),
        time(17, 0),
        "Làm việc với Sở Tư pháp về công tác cải cách hành chính",
        "Sở Tư pháp",
        [1],
        "Giám đốc Sở Tư pháp",
    ),
    (1, time(8, 0), time(11, 30), "Tiếp công dân định kỳ", "Trụ sở Tiếp công dân tỉnh", [0], "Ban Tiếp công dân"),
    (
        2,
        time(8, 0),
        time(11, 0),
        "Kiểm tra tiến độ dự án đường tỉnh 741",
        "Xã Phú Lộc",  # two-level local government since 7/2025: no districts
        [2],
        "Sở Xây dựng, Sở Tài chính",
    ),
    (
        3,
        time(8, 0),
        time(17, 0),
        "Phiên họp UBND tỉnh thường kỳ tháng {month}",
        "Hội trường UBND tỉnh",
        [0, 1, 2],
        "Thành viên UBND tỉnh",
    ),
    (
        4,
        time(14, 0),
        time(16, 30),
        "Hội nghị chuyển đổi số tỉnh",
        "Hội trường Sở Khoa học và Công nghệ",
        [1],
        "Các sở, ngành",
    ),
]


def load_demo() -> list:
    province = Agency.objects.filter(code=PROVINCE).first()
    actor = User.objects.filter(username="chutich.tinh").first()
    if province is None or actor is None or WorkSchedule.objects.filter(agency=province).exists():
        return []
    leaders = list(
        Official.objects.filter(agency=province, position__is_leader=True).order_by("position__rank", "pk")[:3]
    )
    office = Agency.objects.filter(code=OFFICE).first()
    schedule = services.open_week(province, timezone.localdate(), actor=actor)
    for weekday, start, end, content, location, who, participants in PLAN:
        services.add_entry(
            schedule,
            services.EntryInput(
                date=(day := schedule.week_start + timedelta(days=weekday)),
                start_time=start,
                end_time=end,
                content=content.format(month=f"{day:%m/%Y}"),
                location=location,
                participants=participants,
                preparing_unit=office,
                leaders=[leaders[i] for i in who if i < len(leaders)],
            ),
            actor=actor,
        )
    services.publish_schedule(schedule, actor=actor)
    return []
