"""The dossier lifecycle through its service functions: statuses, timeline, deadlines and audit."""

import threading
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, connections

from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.audit.models import AuditRecord
from egov.dossiers import services
from egov.dossiers.models import Dossier, Handover, Outcome
from egov.dossiers.services import DossierError, Paper
from egov.dossiers.transitions import Status
from egov.events.models import OutboxEvent
from egov.procedures.models import RequiredDocument
from factories import AdministrativeUnitFactory, AgencyFactory, UserFactory
from procedures.factories import ONESTOP_STEPS, ProcedureFactory, SectorFactory

from .factories import OneStopWorld

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime(*args, tzinfo=VN)


class World(OneStopWorld):
    """OneStopWorld's helpers (``staff``, ``intake``, ``receive``, ``dossier``) on a smaller layout: the receiving
    centre is the commune's (so dossier codes start with 000.31.30.H98), a Sở with one department, one staff user
    per role and the same procedure (``ProcedureFactory(onestop=True)`` with the five one-stop steps)."""

    def __init__(self):
        province = AdministrativeUnitFactory(code="98", name="Tỉnh Thử")
        commune = AdministrativeUnitFactory(code="98001", name="Xã Hòa Bình", level="commune", parent=province)
        self.so = AgencyFactory(
            code="000.00.05.H98", name="Sở Tư pháp", abbreviation="STP", administrative_unit=province
        )
        self.dept = AgencyFactory(
            code="000.05.01.H98",
            name="Phòng Hành chính tư pháp",
            abbreviation="HCTP",
            kind=Agency.Kind.DEPARTMENT,
            parent=self.so,
            administrative_unit=province,
        )
        self.ubnd_xa = AgencyFactory(
            code="000.01.30.H98",
            name="UBND xã Hòa Bình",
            abbreviation="UBND",
            kind=Agency.Kind.PEOPLES_COMMITTEE,
            administrative_unit=commune,
        )
        self.centre = AgencyFactory(
            code="000.31.30.H98",
            name="Trung tâm phục vụ hành chính công xã Hòa Bình",
            abbreviation="TTPVHCC",
            kind=Agency.Kind.SERVICE_CENTER,
            parent=self.ubnd_xa,
            administrative_unit=commune,
        )
        self.officer = self.staff(Role.ONESTOP_OFFICER, self.centre)
        self.clerk = self.staff(Role.CLERK, self.so)
        self.head = self.staff(Role.DEPARTMENT_HEAD, self.so, self.dept)
        self.specialist = self.staff(Role.SPECIALIST, self.so, self.dept)
        self.leader = self.staff(Role.AGENCY_LEADER, self.so)
        self.procedure = ProcedureFactory(
            onestop=True,
            code="1.000001",
            name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            sector=SectorFactory(code="HT", name="Hộ tịch"),
            agencies=[self.so],
            steps=ONESTOP_STEPS,
        )
        self.procedure.check_steps()
        self.form = RequiredDocument.objects.create(
            procedure=self.procedure, order=1, name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
        )
        self.id_card = RequiredDocument.objects.create(
            procedure=self.procedure, order=2, name="Bản chụp Căn cước công dân", form=RequiredDocument.Form.COPY
        )


@pytest.fixture
def world(db):
    return World()


def test_full_lifecycle_with_transfer_supplement_apology_and_return(world):
    w = world
    received = at(2026, 4, 28, 10, 0)  # Tuesday before the 30/4–1/5 holidays
    d = services.receive(w.intake(), officer=w.officer, receiving_agency=w.centre, now=received)
    assert d.code == "000.31.30.H98-260428-0001"
    assert d.status == Status.RECEIVED and d.national_status == 2
    assert d.handling_agency == w.so
    # 10 working days from Wed 29/4: 29/4, 4–8/5, 11–14/5 → Thu 14/5 10:00
    assert d.due_at == at(2026, 5, 14, 10, 0)

    d = services.transfer(d, actor=w.officer, now=at(2026, 4, 28, 11, 0))
    assert d.status == Status.TRANSFERRED and d.national_status == 4
    with pytest.raises(DossierError, match="Chỉ cơ quan được chuyển đến"):
        services.accept_transfer(d, actor=w.officer)
    d = services.accept_transfer(d, actor=w.clerk, now=at(2026, 4, 28, 14, 0))
    d = services.assign(d, actor=w.clerk, department=w.dept, now=at(2026, 4, 28, 14, 30))
    assert d.status == Status.ASSIGNED and d.current_unit == w.dept
    d = services.assign_specialist(d, actor=w.head, specialist=w.specialist, now=at(2026, 4, 29, 8, 0))
    assert d.status == Status.IN_APPRAISAL and d.current_handler == w.specialist

    d = services.request_supplement(d, actor=w.specialist, reason="Thiếu bản chụp hộ khẩu", now=at(2026, 5, 4, 10, 0))
    assert d.status == Status.SUPPLEMENT_REQUESTED and d.national_status == 5
    # Two working days later the applicant brings the paper: the appointment moves by two working days.
    d = services.resubmit(
        d, actor=w.officer, papers=[Paper(name="Bản chụp sổ hộ khẩu", form="copy")], now=at(2026, 5, 6, 10, 0)
    )
    assert d.status == Status.IN_APPRAISAL
    assert d.due_at == at(2026, 5, 18, 10, 0)
    assert d.papers.filter(is_supplement=True).count() == 1

    d = services.apologize(
        d, actor=w.leader, reason="Cần xác minh thêm", new_due_at=at(2026, 5, 20, 10, 0), now=at(2026, 5, 15, 9, 0)
    )
    assert d.rescheduled and d.due_at == at(2026, 5, 20, 10, 0) and d.status == Status.IN_APPRAISAL
    with pytest.raises(DossierError, match="một lần"):
        services.apologize(d, actor=w.leader, reason="Lần hai", new_due_at=at(2026, 5, 25, 10, 0))

    d = services.submit_for_approval(d, actor=w.specialist, now=at(2026, 5, 18, 9, 0))
    d = services.send_back(d, actor=w.leader, reason="Bổ sung ý kiến xác minh", now=at(2026, 5, 18, 15, 0))
    assert d.status == Status.IN_APPRAISAL
    d = services.submit_for_approval(d, actor=w.specialist, now=at(2026, 5, 19, 9, 0))
    d = services.approve(d, actor=w.leader, result_title="Phiếu lý lịch tư pháp số 1", now=at(2026, 5, 19, 14, 0))
    assert d.status == Status.RESULT_READY and d.national_status == 9
    assert d.results.get().code == "000.31.30.H98-260428-0001-KQ1"
    assert d.outcome == Outcome.LATE  # judged against the statutory appointment (18/5), not the apology's
    assert d.current_unit == w.centre  # the result goes back to where the dossier was received

    d = services.return_result(d, actor=w.officer, now=at(2026, 5, 20, 8, 0))
    assert d.status == Status.RETURNED and d.national_status == 10 and d.closed_at

    actions = list(d.handovers.values_list("action", flat=True))
    assert actions == [
        "receive",
        "transfer",
        "accept_transfer",
        "assign",
        "assign_specialist",
        "request_supplement",
        "resubmit",
        "apologize",
        "submit_for_approval",
        "send_back",
        "submit_for_approval",
        "approve",
        "return_result",
    ]
    assign_row = d.handovers.get(action="assign")
    assert assign_row.to_unit == w.dept and assign_row.step_due_at == at(2026, 4, 29, 8, 45)
    assert assign_row.finished_at == at(2026, 4, 29, 8, 0) and assign_row.outcome == Outcome.ON_TIME
    audit = list(AuditRecord.objects.filter(object_id=str(d.pk)).order_by("id").values_list("action", flat=True))
    assert audit == [f"dossier.{a}" for a in actions]
    assert OutboxEvent.objects.filter(topic="dossier.return_result").count() == 1
    call_command("audit", "verify")


def test_refused_transitions_change_nothing(world):
    w = world
    d = services.receive(w.intake(), officer=w.officer, receiving_agency=w.centre, now=at(2026, 6, 1, 9, 0))
    before = (d.status, d.due_at, Handover.objects.count(), AuditRecord.objects.count())
    with pytest.raises(DossierError, match="Không thể “Phê duyệt"):
        services.approve(d, actor=w.leader, result_title="x")
    with pytest.raises(DossierError, match="vai trò"):
        services.assign(d, actor=w.specialist, department=w.dept)
    with pytest.raises(DossierError, match="lý do"):
        services.refuse(d, actor=w.officer, reason="  ")
    other_centre = AgencyFactory(kind=Agency.Kind.SERVICE_CENTER)
    stranger = w.staff(Role.ONESTOP_OFFICER, other_centre)
    with pytest.raises(DossierError, match="không có quyền"):
        services.refuse(d, actor=stranger, reason="Không thuộc thẩm quyền")
    d.refresh_from_db()
    assert (d.status, d.due_at, Handover.objects.count(), AuditRecord.objects.count()) == before


def test_intake_checks(world):
    w = world
    with pytest.raises(DossierError, match="thiếu giấy tờ bắt buộc: Bản chụp Căn cước công dân"):
        services.receive(
            w.intake(papers=[Paper(name="Tờ khai", required_document=w.form)]),
            officer=w.officer,
            receiving_agency=w.centre,
        )
    w.procedure.is_active = False
    w.procedure.save()
    with pytest.raises(DossierError, match="không tồn tại hoặc đã ngừng"):
        services.receive(w.intake(), officer=w.officer, receiving_agency=w.centre)
    with pytest.raises(DossierError, match="vai trò"):
        services.receive(w.intake(), officer=w.specialist, receiving_agency=w.centre)
    assert not Dossier.objects.exists()


def test_online_dossier_gets_its_code_at_submission_and_payment_pauses_the_clock(world):
    w = world
    citizen = UserFactory()
    d = services.submit_online(w.intake(), applicant_user=citizen, receiving_agency=w.centre, now=at(2026, 6, 1, 10))
    assert d.status == Status.NEW and d.code.endswith("-260601-0001") and d.national_status == 1
    assert d.due_at is None  # the appointment comes with acceptance
    code = d.code
    d = services.accept(d, actor=w.officer, now=at(2026, 6, 1, 16, 0))  # after the 15:00 cut-off
    assert d.code == code
    # received after the cut-off: counted from Tue 2/6 07:30, ten working days later
    assert d.due_at == at(2026, 6, 16, 7, 30)
    d = services.request_payment(d, actor=w.officer, amount=Decimal(200000), now=at(2026, 6, 2, 9, 0))
    assert d.status == Status.AWAITING_PAYMENT and d.national_status == 6
    d = services.confirm_payment(d, actor=w.officer, now=at(2026, 6, 3, 9, 0))
    assert d.status == Status.RECEIVED and d.fee_paid
    d = services.withdraw(d, actor=citizen, reason="Tôi không cần nữa")
    assert d.status == Status.WITHDRAWN and d.national_status == 7


def test_stop(world):
    w = world
    d = services.receive(w.intake(), officer=w.officer, receiving_agency=w.centre)
    d = services.stop(d, actor=w.leader, reason="Người nộp đã mất năng lực hành vi")
    assert d.status == Status.STOPPED and d.national_status == 8 and d.closed_at


@pytest.mark.django_db(transaction=True)
def test_codes_are_unique_and_gap_free_under_concurrent_intake():
    w = World()
    threads, errors, count = [], [], 8 if connection.vendor == "postgresql" else 4
    barrier = threading.Barrier(count)

    def intake():
        try:
            barrier.wait(timeout=10)
            services.receive(w.intake(), officer=w.officer, receiving_agency=w.centre, now=at(2026, 7, 1, 9, 0))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    for _ in range(count):
        threads.append(threading.Thread(target=intake))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"000.31.30.H98-260701-{n:04d}" for n in range(1, count + 1)]


def test_an_online_dossier_waiting_for_acceptance_can_get_a_supplement_request(world):
    """Issue 13 (minor): the national practice — a code at submission, a supplement before acceptance."""
    w = world
    citizen = UserFactory()
    d = services.submit_online(w.intake(), applicant_user=citizen, receiving_agency=w.centre, now=at(2026, 6, 1, 9))
    d = services.request_supplement(d, actor=w.officer, reason="Ảnh chụp căn cước bị mờ", now=at(2026, 6, 1, 10))
    assert d.status == Status.SUPPLEMENT_REQUESTED and d.national_status == 5 and d.due_at is None
    d = services.resubmit(d, actor=citizen, papers=[Paper(name="Bản chụp căn cước rõ nét")], now=at(2026, 6, 2, 9))
    assert d.status == Status.NEW and d.due_at is None and d.paused_at is None
    d = services.accept(d, actor=w.officer, now=at(2026, 6, 2, 10))
    assert d.status == Status.RECEIVED and d.due_at == at(2026, 6, 16, 10, 0)
