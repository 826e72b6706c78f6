"""A small province for task tests: the provincial People's Committee assigns, Sở A leads, Sở B cooperates,
Sở C has nothing to do with the task. Each organisation has a leader, a department head and a specialist."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from egov.accounts.models import Role
from egov.agencies.models import Agency, Position
from egov.tasks import services
from egov.tasks.models import ExtensionRequest, Task
from factories import AdministrativeUnitFactory, AgencyFactory, OfficialFactory, StaffUserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


# Tuesday 28/4/2026 10:00; 30/4 and 1/5 are public holidays, 2–3/5 the weekend.
ASSIGNED_AT = at(2026, 4, 28, 10, 0)


class Org:
    def __init__(self, world, n, name, kind=Agency.Kind.PROVINCIAL_DEPARTMENT, parent=None):
        self.agency = AgencyFactory(
            code=f"000.00.{n:02d}.H96", name=name, kind=kind, administrative_unit=world.province, parent=parent
        )
        self.dept = AgencyFactory(
            code=f"000.{n:02d}.01.H96",
            name=f"Phòng Tổng hợp {name}",
            kind=Agency.Kind.DEPARTMENT,
            parent=self.agency,
            administrative_unit=world.province,
        )
        self.leader = world.user(f"lanhdao{n}", self.agency, None, Role.AGENCY_LEADER)
        self.head = world.user(f"truongphong{n}", self.agency, self.dept, Role.DEPARTMENT_HEAD)
        self.spec = world.user(f"chuyenvien{n}", self.agency, self.dept, Role.SPECIALIST)


class TaskWorld:
    def __init__(self):
        self.province = AdministrativeUnitFactory(code="96", name="Tỉnh Nhiệm Vụ")
        self.ubnd = Org(self, 0, "Ủy ban nhân dân tỉnh", kind=Agency.Kind.PEOPLES_COMMITTEE)
        self.a = Org(self, 11, "Sở Kế hoạch và Đầu tư", parent=self.ubnd.agency)
        self.b = Org(self, 12, "Sở Tài chính", parent=self.ubnd.agency)
        self.c = Org(self, 13, "Sở Y tế", parent=self.ubnd.agency)

    def user(self, username, agency, department, role):
        official = OfficialFactory(
            full_name=f"Cán bộ {username}",
            agency=agency,
            department=department,
            position=Position.objects.get_or_create(name="Cán bộ", defaults={"rank": 50})[0],
        )
        return StaffUserFactory(username=username, full_name=f"Cán bộ {username}", official=official, roles=[role])

    def data(self, **overrides) -> services.TaskData:
        values = {
            "title": "Rà soát thủ tục đầu tư công",
            "content": "Rà soát, đề xuất đơn giản hóa thủ tục đầu tư công năm 2026.",
            "lead_agency": self.a.agency,
            "cooperating_agencies": (self.b.agency,),
            "expected_product": "Báo cáo rà soát",
            "deadline": date(2026, 5, 29),
        }
        values.update(overrides)
        return services.TaskData(**values)

    def task(self, *, state=None, now=ASSIGNED_AT, **overrides) -> Task:
        task = services.assign(self.data(**overrides), actor=self.ubnd.leader, now=now)
        if state is not None:
            Task.objects.filter(pk=task.pk).update(state=state)
            task.refresh_from_db()
        return task

    def pending_extension(self, task) -> ExtensionRequest:
        return ExtensionRequest.objects.create(
            task=task,
            reason="Chờ ý kiến bộ",
            requested_deadline=date(2026, 6, 30),
            previous_deadline=task.deadline,
            requested_by=self.a.leader,
            requested_at=ASSIGNED_AT,
        )
