import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.feedback import abuse, services
from egov.feedback.models import Kind
from factories import AgencyFactory, DepartmentFactory, OfficialFactory, PositionFactory, StaffUserFactory


def aged_token(seconds: int = 60) -> str:
    """A form token as if the form had been shown ``seconds`` ago."""
    return abuse.new_token(now=time.time() - seconds)


def staff(agency, *roles, unit=None):
    official = OfficialFactory(agency=agency, department=unit, position=PositionFactory(name="Chuyên viên"))
    return StaffUserFactory(official=official, roles=list(roles))


@pytest.fixture
def world(db, settings):
    """A province (its people's committee is the intake agency), two departments of it, and their staff."""
    settings.FEEDBACK_ANSWER_DAYS = 10
    settings.FEEDBACK_INTAKE_AGENCY = ""
    root = AgencyFactory(name="UBND tỉnh Thử", kind=Agency.Kind.PEOPLES_COMMITTEE)
    a = AgencyFactory(name="Sở Tư pháp", parent=root)
    b = AgencyFactory(name="Sở Xây dựng", parent=root)
    unit = DepartmentFactory(parent=a, name="Phòng Hành chính tư pháp")
    return SimpleNamespace(
        root=root,
        a=a,
        b=b,
        unit=unit,
        intake=staff(root, Role.CLERK),
        clerk_a=staff(a, Role.CLERK),
        specialist_a=staff(a, Role.SPECIALIST, unit=unit),
        leader_a=staff(a, Role.AGENCY_LEADER),
        clerk_b=staff(b, Role.CLERK),
        leader_b=staff(b, Role.AGENCY_LEADER),
    )


@pytest.fixture
def make_item(world):
    counter = {"n": 0}

    def make(kind=Kind.QUESTION, agency=None, now=None, **extra):
        counter["n"] += 1
        n = counter["n"]
        data = services.NewSubmission(
            kind=kind,
            name=extra.pop("name", f"Nguyễn Văn Hỏi {n}"),
            title=extra.pop("title", f"Câu hỏi số {n} về đăng ký khai sinh"),
            content=extra.pop("content", "Xin hỏi thủ tục đăng ký khai sinh cho con cần giấy tờ gì?"),
            email=extra.pop("email", f"nguoihoi{n}@example.vn"),
            phone=extra.pop("phone", ""),
            agency=agency,
            **extra,
        )
        return services.submit(data, now=now)

    return make


def answered(item, world, text="Trả lời: cần tờ khai và giấy chứng sinh.", now=None):
    """Route to agency A, answer, approve: the item ends ``approved``."""
    item = services.route(item, actor=world.intake, agency=world.a, now=now)
    item = services.answer(item, actor=world.clerk_a, text=text, now=now)
    return services.approve(item, actor=world.leader_a, now=now)


@pytest.fixture
def consultation(world):
    today = timezone.localdate()
    draft = services.create_consultation(
        services.DraftInput(
            agency=world.a,
            title="Dự thảo Quyết định quy định về hòa giải ở cơ sở",
            opens_on=today,
            closes_on=today + timedelta(days=30),
            text="Điều 1. Phạm vi điều chỉnh\nQuy định này áp dụng...\n\n"
            "Điều 2. Đối tượng áp dụng\nCơ quan, tổ chức...\n\n"
            "Điều 3. Hiệu lực\nCó hiệu lực từ ngày ký.",
            summary="Lấy ý kiến nhân dân.",
        ),
        actor=world.clerk_a,
    )
    return services.publish_consultation(draft, actor=world.leader_a)
