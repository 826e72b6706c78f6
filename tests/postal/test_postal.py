"""The postal channel: intake by post with its shipment, return by post with its date, the handover slip,
the channel statistics and the national record (HinhThuc)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from egov.dossiers import services
from egov.dossiers.models import Channel, Dossier
from egov.dossiers.services import DossierError
from egov.dossiers.transitions import Status
from egov.integrations.dvcqg.protocol import HINH_THUC, dossier_payload
from egov.postal import services as postal
from egov.postal.models import Direction, Shipment


@pytest.fixture
def world(db):
    from dossiers.factories import OneStopWorld

    return OneStopWorld()


def arrival(tracking="EL123456789VN"):
    return postal.Postal(
        tracking_number=tracking,
        postal_worker="Nguyễn Văn Bưu Tá",
        postage_fee=Decimal(32000),
        postal_unit="Bưu điện tỉnh",
    )


def to_result_ready(world, dossier):
    services.assign(dossier, actor=world.officer, department=world.dept)
    services.assign_specialist(dossier, actor=world.head, specialist=world.specialist)
    services.submit_for_approval(dossier, actor=world.specialist)
    services.approve(dossier, actor=world.leader, result_title="Phiếu lý lịch tư pháp")
    return dossier


def test_received_by_post_with_tracking_number_and_separate_postage(world):
    dossier, shipment = postal.receive_by_post(
        world.intake(), arrival(), officer=world.officer, receiving_agency=world.centre
    )
    assert dossier.channel == Channel.POST and dossier.status == Status.RECEIVED
    assert shipment.direction == Direction.IN and shipment.tracking_number == "EL123456789VN"
    assert shipment.postage_fee == 32000 and dossier.fee_total == 200000  # postage is not the procedure fee
    counts = postal.channel_counts(Dossier.objects.all())
    assert counts["received_post"] == 1 and counts["returned_post"] == 0


def test_same_tracking_number_twice_is_refused(world):
    postal.receive_by_post(world.intake(), arrival(), officer=world.officer, receiving_agency=world.centre)
    with pytest.raises(DossierError):
        postal.receive_by_post(world.intake(), arrival(), officer=world.officer, receiving_agency=world.centre)
    assert Dossier.objects.count() == 1  # the second intake rolled back with its shipment


def test_return_by_post_records_the_date_and_the_national_record_says_so(world):
    dossier, _ = postal.receive_by_post(world.intake(), arrival(), officer=world.officer, receiving_agency=world.centre)
    to_result_ready(world, dossier)
    when = timezone.now() + timedelta(hours=1)
    shipment = postal.return_by_post(dossier, arrival("EL999999999VN"), officer=world.officer, now=when)
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_at == when and shipment.handed_over_at == when
    assert postal.channel_counts(Dossier.objects.all())["returned_post"] == 1
    payload = dossier_payload(dossier, event_payload={}, postal=postal.national_fields(dossier))
    assert payload["HinhThuc"] == HINH_THUC["post"][0] and payload["TenHinhThuc"] == "Nộp qua bưu chính công ích"
    assert payload["SoHieuBuuGuiTra"] == "EL999999999VN" and "bưu chính" in payload["ThongTinTra"]


def test_postal_page_records_return_and_prints_the_slip(world, client):
    dossier, _ = postal.receive_by_post(world.intake(), arrival(), officer=world.officer, receiving_agency=world.centre)
    to_result_ready(world, dossier)
    client.force_login(world.officer)
    url = f"/mot-cua/ho-so/{dossier.pk}/buu-chinh/"
    assert "Trả kết quả qua bưu chính" in client.get(url).content.decode()
    response = client.post(
        url,
        {"direction": "out", "tracking_number": "EL1", "postage_fee": "25000", "postal_worker": "Trần Bưu Tá"},
    )
    assert response.status_code == 302
    out = Shipment.objects.get(direction=Direction.OUT)
    slip = client.get(f"/mot-cua/buu-chinh/{out.pk}/phieu-ban-giao/").content.decode()
    assert "Trần Bưu Tá" in slip and "EL1" in slip and dossier.code in slip
    assert "Bưu chính công ích" in client.get(f"/mot-cua/ho-so/{dossier.pk}/").content.decode()
