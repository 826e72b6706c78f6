"""Every step is reported to DVCQG in order, through failures and slow answers, and nothing is lost."""

import itertools

import pytest
from django.utils import timezone

from egov.dossiers import services
from egov.events.dispatcher import deliver_due
from egov.integrations.dvcqg import intake, simulator, sync
from egov.integrations.dvcqg.models import NationalDossier, SimCall, SimDossier, SyncAttempt, SyncMessage
from egov.integrations.dvcqg.reconcile import reconcile
from egov.integrations.dvcqg.views import overview  # noqa: F401  (the page is imported with its app)

from .conftest import drain, file_on_portal

FULL_FLOW = [1, 2, 4, 9, 10]


def handle_to_the_end(world, dossier):
    services.accept(dossier, actor=world.officer)
    services.assign(dossier, actor=world.officer, department=world.dept)
    services.assign_specialist(dossier, actor=world.head, specialist=world.specialist)
    services.submit_for_approval(dossier, actor=world.specialist)
    services.approve(dossier, actor=world.leader, result_title="Phiếu lý lịch tư pháp số 1")
    services.return_result(dossier, actor=world.officer)
    return dossier


def received_statuses(ma: str, service="DongBoHoSoMC") -> list[int]:
    """The statuses the portal received for a dossier, in arrival order, repeats folded (a retry after a lost
    answer sends the same message twice; consecutive messages may also carry the same status)."""
    calls = SimCall.objects.filter(ma_ho_so=ma, service=service).order_by("id")
    return [k for k, _ in itertools.groupby(c.status for c in calls)]


def assert_arrived_in_sequence(dossier):
    """Every message of the dossier reached the portal, and in sequence: each call is matched to a message
    with the same payload, never to one before the previous call's (a repeat may match the same one)."""
    messages = list(SyncMessage.objects.filter(dossier=dossier).order_by("seq"))
    ma = messages[0].payload["MaHoSo"]
    position, seen = 0, set()
    for call in SimCall.objects.filter(ma_ho_so=ma).order_by("id"):
        candidates = [m.seq for m in messages if m.service == call.service and m.payload == call.payload]
        later = [seq for seq in candidates if seq >= position]
        assert later, f"call {call.pk} ({call.service} {call.status}) arrived after a later message"
        position = later[0]
        seen.add(position)
    assert seen == {m.seq for m in messages}, "some messages never arrived"


def test_national_and_desk_dossiers_are_synced_in_order(portal, world):
    sim = file_on_portal(world)
    intake.poll()
    national = NationalDossier.objects.get()
    handle_to_the_end(world, national.dossier)
    desk = world.receive()
    services.request_supplement(desk, actor=world.officer, reason="Thiếu bản chụp")
    services.resubmit(desk, actor=world.officer)

    drain()

    assert received_statuses(sim.ma_ho_so) == FULL_FLOW
    assert received_statuses(sim.ma_ho_so, "CapNhatTienDoHoSoMC") == FULL_FLOW
    assert received_statuses(desk.code) == [2, 5, 2]
    assert_arrived_in_sequence(national.dossier)
    assert_arrived_in_sequence(desk)
    assert SyncMessage.objects.filter(dossier=national.dossier).count() == 14  # 7 steps × (dossier + progress)
    assert SimDossier.objects.get(ma_ho_so=sim.ma_ho_so).status == 10
    first = SimCall.objects.filter(ma_ho_so=sim.ma_ho_so, service="DongBoHoSoMC").last().payload
    assert first["SoBienNhan"] == national.dossier.code and first["MaTTHC"] == world.procedure.code
    assert first["NgayTra"] and len(first["NgayTra"]) == 14 and first["HinhThuc"] == "1"
    assert first["DanhSachGiayToKetQua"][0]["MaGiayToKetQua"].endswith("-KQ1")
    assert {p["MaThanhPhanHoSo"] for p in first["TaiLieuNop"]} == {
        f"GT{d.pk}" for d in world.procedure.required_documents.all()
    }
    step = SimCall.objects.filter(ma_ho_so=sim.ma_ho_so, service="CapNhatTienDoHoSoMC").order_by("id")[2].payload
    assert step["NguoiXuLy"] == "Trần Thị Một Cửa" and step["PhongBanXuLy"] == world.dept.name
    # Each attempt is kept with its answer; the reconciliation finds nothing to report.
    assert SyncAttempt.objects.filter(ok=True).count() == SyncMessage.objects.count()
    report = reconcile(timezone.localdate(national.dossier.received_at))
    assert report.mismatches == [] and report.checked == 2 and report.lag_p50 is not None


def test_failing_and_slow_portal_still_ends_with_every_status_in_order(portal, world, settings):
    """30 % of sync calls fail (HTTP 503, error 99, or applied but answered after the client gave up), every
    answer is slow; deterministic seed, bounded rounds, loopback only, back-off skipped by moving due times."""
    settings.DVCQG_SIMULATOR_FAILURE_RATE = 0.3
    settings.DVCQG_SIMULATOR_DELAY_MS = 20
    settings.DVCQG_TIMEOUT_SECONDS = 0.5
    settings.DVCQG_MAX_ATTEMPTS = 50
    simulator.reset(1234)
    sims = [file_on_portal(world, n) for n in range(1, 4)]
    intake.poll()
    for national in NationalDossier.objects.order_by("pk"):
        handle_to_the_end(world, national.dossier)

    rounds = drain(max_rounds=200)

    causes = set(SyncAttempt.objects.filter(ok=False).values_list("cause", flat=True))
    assert {"http", "rejected", "timeout"} <= causes, causes  # every kind of failure happened
    assert rounds > 1
    for sim in sims:
        assert_arrived_in_sequence(NationalDossier.objects.get(ma_ho_so=sim.ma_ho_so).dossier)
        assert received_statuses(sim.ma_ho_so) == FULL_FLOW
        assert received_statuses(sim.ma_ho_so, "CapNhatTienDoHoSoMC") == FULL_FLOW
        assert SimDossier.objects.get(ma_ho_so=sim.ma_ho_so).status == 10
    assert not SyncMessage.objects.exclude(state=SyncMessage.State.ACCEPTED).exists()


def test_next_message_waits_until_the_previous_is_accepted(portal, world, settings):
    desk = world.receive()
    services.request_supplement(desk, actor=world.officer, reason="Thiếu giấy tờ")
    deliver_due()
    first, second, *_ = SyncMessage.objects.filter(dossier=desk).order_by("seq")
    SyncMessage.objects.filter(pk=first.pk).update(next_attempt_at=first.next_attempt_at.replace(year=2100))
    assert sync.send_due() == 0  # the head of the queue is not due: nothing behind it leaves
    assert not SimCall.objects.exists()


def test_dead_letter_blocks_the_dossier_and_an_admin_retry_resumes(portal, world, settings, client):
    settings.DVCQG_SIMULATOR_FAILURE_RATE = 1.0
    settings.DVCQG_MAX_ATTEMPTS = 2
    desk = world.receive()
    services.request_supplement(desk, actor=world.officer, reason="Thiếu giấy tờ")
    deliver_due()
    for _ in range(3):
        SyncMessage.objects.update(next_attempt_at=SyncMessage.objects.first().created_at)
        sync.send_due()
    head = SyncMessage.objects.get(dossier=desk, seq=1)
    assert head.state == SyncMessage.State.FAILED and head.attempts == 2 and "99" in head.last_answer
    assert not SyncMessage.objects.filter(state=SyncMessage.State.ACCEPTED).exists()

    from egov.accounts.models import Role
    from factories import StaffUserFactory

    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    page = client.get("/quan-tri/dvcqg/")
    assert page.status_code == 200 and "Gửi lại" in page.content.decode()
    settings.DVCQG_SIMULATOR_FAILURE_RATE = 0
    assert client.post(f"/quan-tri/dvcqg/{head.pk}/gui-lai/").status_code == 302
    drain()
    assert received_statuses(desk.code) == [2, 5]
    client.force_login(world.officer)
    detail = client.get(f"/mot-cua/ho-so/{desk.pk}/dong-bo-dvcqg/")
    assert detail.status_code == 200 and "DongBoHoSoMC" in detail.content.decode()


@pytest.mark.django_db
def test_nothing_is_queued_while_the_connector_is_off(world, settings):
    settings.DVCQG_ENABLED = False
    world.receive()
    deliver_due()
    assert not SyncMessage.objects.exists()
