from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from egov.dossiers import services
from egov.events.dispatcher import deliver_due
from egov.notifications.models import Message

from .test_services import World


@pytest.fixture
def world(db):
    return World()


def test_applicant_is_told_by_email_and_sms_once(world):
    intake = world.intake()
    intake.applicant.email = "nhung@example.vn"
    now = datetime(2026, 4, 28, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    dossier = services.receive(intake, officer=world.officer, receiving_agency=world.centre, now=now)
    deliver_due()
    deliver_due()  # a second sweep finds nothing left to do
    messages = Message.objects.order_by("channel")
    assert [m.channel for m in messages] == ["email", "sms"]
    sms = messages.get(channel="sms")
    assert sms.recipient == "0912345678"
    assert sms.body == f"Hồ sơ {dossier.code} đã được tiếp nhận. Hẹn trả kết quả: 10:00 14/05/2026."
    assert "Lý lịch tư pháp".lower() in messages.get(channel="email").subject.lower()
