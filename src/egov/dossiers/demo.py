"""Demo dossiers at every stage, made through the service functions (so they carry their timeline,
audit records and events like real ones). Needs the demo province and catalogue; idempotent."""

from datetime import datetime, timedelta

from django.utils import timezone

from egov.accounts.models import User
from egov.agencies.models import Agency
from egov.procedures.models import Procedure

from . import services
from .models import Dossier
from .services import Applicant, Intake, Paper

APPLICANTS = [
    ("Nguyễn Thị Hồng Nhung", "001190012345", "0912345678", "nhung.nth@example.vn"),
    ("Trần Văn Minh", "001088004512", "0987654321", ""),
    ("Lê Hoàng Anh", "001095009876", "0905123456", "anh.lh@example.vn"),
    ("Phạm Thu Trang", "001199003344", "0934556677", ""),
    ("Hoàng Đức Thắng", "001082007788", "0978112233", "thang.hd@example.vn"),
    ("Vũ Thị Mai", "001186001122", "0915667788", ""),
    ("Đặng Quốc Bảo", "001092005566", "0968223344", ""),
    ("Bùi Ngọc Lan", "001197008899", "0983445566", "lan.bn@example.vn"),
    ("Đỗ Minh Khoa", "001090002233", "0909778899", ""),
    ("Ngô Thị Thanh Hương", "001185006677", "0947889900", ""),
]

USERNAMES = [
    "motcua.tinh",
    "vanthu.stp",
    "truongphong.stp",
    "chuyenvien.stp",
    "giamdoc.stp",
    "motcua.ankhanh",
    "chuyenvien.ankhanh",
    "chutich.ankhanh",
    "congdan1",
]

# (procedure, stage reached, working days since reception) for the ward's own dossiers, handled by the
# Ủy ban nhân dân phường with the roles it has: no department head, so its specialist picks dossiers up.
COMMUNE_PLAN = [
    ("2.000986", "received", 0),
    ("2.000815", "received", 1),
    ("2.000986", "assigned", 0),
    ("2.000815", "in_appraisal", 0),
    ("2.000986", "supplement", 1),
    ("2.000986", "awaiting_approval", 1),
    ("2.000815", "result_ready", 1),
    ("2.000986", "returned", 2),
    ("2.000815", "returned", 3),
]

# (stage reached, working days since reception) for dossiers of the provincial Sở Tư pháp
PROVINCIAL_PLAN = [
    ("received", 0),
    ("received", 1),
    ("assigned", 2),
    ("in_appraisal", 3),
    ("in_appraisal", 6),
    ("in_appraisal", 14),  # past its ten-day appointment: overdue
    ("supplement", 4),
    ("awaiting_approval", 8),
    ("result_ready", 9),
    ("returned", 12),
    ("returned", 16),
    ("returned_late", 20),
]


def load_demo() -> list:
    if Dossier.objects.exists():
        return []
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES).select_related("official")}
    centres = {a.code: a for a in Agency.objects.filter(code__in=["000.00.20.H99", "000.04.31.H99"])}
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=["1.001017", "2.000986", "2.000815"])}
    if len(users) < len(USERNAMES) or len(centres) < 2 or len(procedures) < 3:
        return []  # not the demo province: nothing to add
    demo = _Demo(users, centres, procedures)
    for index, (stage, age) in enumerate(PROVINCIAL_PLAN):
        demo.provincial(index, stage, age)
    demo.commune()
    demo.online()
    return []


class _Demo:
    def __init__(self, users, centres, procedures):
        self.u = users
        self.centre = centres["000.00.20.H99"]
        self.commune_centre = centres["000.04.31.H99"]
        self.p = procedures
        self.now = timezone.now()
        self.department = Agency.objects.get(code="000.02.04.H99")  # Phòng Hành chính tư pháp, Sở Tư pháp
        self.count = 0

    def working_days_ago(self, days: int, hour: int = 8) -> datetime:
        moment = timezone.localtime(self.now).replace(hour=hour, minute=15, second=0, microsecond=0)
        if moment > self.now:
            moment -= timedelta(days=1)
        while days > 0 or moment.weekday() >= 5:
            moment -= timedelta(days=1)
            if moment.weekday() < 5:
                days -= 1
        return moment

    def intake(self, procedure: Procedure) -> Intake:
        name, id_number, phone, email = APPLICANTS[self.count % len(APPLICANTS)]
        self.count += 1
        papers = [
            Paper(name=doc.name, form=doc.form, count=doc.count, required_document=doc)
            for doc in procedure.required_documents.all()
        ]
        applicant = Applicant(name=name, id_number=id_number, phone=phone, email=email, address="Phường An Khánh")
        return Intake(procedure=procedure, applicant=applicant, papers=papers)

    def provincial(self, index: int, stage: str, age: int) -> None:
        u, start = self.u, self.working_days_ago(age, hour=8 + index % 6)
        t = _Clock(start, self.now)
        d = services.receive(
            self.intake(self.p["1.001017"]), officer=u["motcua.tinh"], receiving_agency=self.centre, now=t()
        )
        if stage == "received":
            return
        d = services.assign(d, actor=u["motcua.tinh"], department=self.department, now=t(1))
        if stage == "assigned":
            return
        d = services.assign_specialist(d, actor=u["truongphong.stp"], specialist=u["chuyenvien.stp"], now=t(2))
        if stage == "supplement":
            services.request_supplement(d, actor=u["chuyenvien.stp"], reason="Bổ sung bản sao giấy khai sinh", now=t(3))
            return
        if stage == "in_appraisal":
            return
        late = stage == "returned_late"
        d = services.submit_for_approval(d, actor=u["chuyenvien.stp"], now=t(24 * 16 if late else 4))
        if stage == "awaiting_approval":
            return
        d = services.approve(d, actor=u["giamdoc.stp"], result_title="Phiếu lý lịch tư pháp số 1", now=t(2))
        if stage == "result_ready":
            return
        services.return_result(d, actor=u["motcua.tinh"], now=t(2))

    def commune(self) -> None:
        u = self.u
        department = Agency.objects.get(code="000.03.31.H99")  # Phòng Văn hóa - Xã hội: no head account
        officer, specialist = u["motcua.ankhanh"], u["chuyenvien.ankhanh"]
        for index, (code, stage, age) in enumerate(COMMUNE_PLAN):
            t = _Clock(self.working_days_ago(age, hour=8 + index % 3), self.now)
            d = services.receive(
                self.intake(self.p[code]), officer=officer, receiving_agency=self.commune_centre, now=t()
            )
            if stage == "received":
                continue
            d = services.assign(d, actor=officer, department=department, now=t(0.25))
            if stage == "assigned":
                continue
            d = services.pick_up(d, actor=specialist, now=t(0.25))
            if stage == "supplement":
                services.request_supplement(d, actor=specialist, reason="Bổ sung giấy chứng sinh", now=t(0.5))
                continue
            if stage == "in_appraisal":
                continue
            d = services.submit_for_approval(d, actor=specialist, now=t(1))
            if stage == "awaiting_approval":
                continue
            d = services.approve(d, actor=u["chutich.ankhanh"], result_title="Giấy khai sinh", now=t(0.5))
            if stage == "result_ready":
                continue
            services.return_result(d, actor=officer, now=t(0.5))
        # A provincial procedure received at the ward's centre and forwarded to the Sở (liên thông).
        t = _Clock(self.working_days_ago(2, hour=10), self.now)
        d = services.receive(
            self.intake(self.p["1.001017"]), officer=u["motcua.ankhanh"], receiving_agency=self.commune_centre, now=t()
        )
        d = services.transfer(d, actor=u["motcua.ankhanh"], now=t(1))
        services.accept_transfer(d, actor=u["vanthu.stp"], now=t(3))

    def online(self) -> None:
        """Two online applications of congdan1, in her own name; the fee is paid later (online, or at the desk)."""
        citizen = self.u["congdan1"]
        profile = getattr(citizen, "citizen_profile", None)
        for _ in range(2):
            intake = self.intake(self.p["1.001017"])
            intake.channel = "online"
            intake.applicant = Applicant(
                name=citizen.full_name or citizen.username,
                id_number=getattr(profile, "id_number", "") or "099190000001",
                phone=citizen.phone,
                email=citizen.email,
                address=getattr(profile, "address", "") or "Phường An Khánh",
            )
            services.submit_online(intake, applicant_user=citizen, receiving_agency=self.centre)


class _Clock:
    """Moments moving forward from ``start`` by the given number of hours at each call, never past ``now``."""

    def __init__(self, start: datetime, now: datetime):
        self.moment, self.now = start, now

    def __call__(self, hours: float = 0) -> datetime:
        self.moment = min(self.moment + timedelta(hours=hours), self.now)
        return self.moment
