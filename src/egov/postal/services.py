"""Postal intake and return: each in one transaction with the dossier's own service function."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.audit.services import record
from egov.dossiers import services as dossier_services
from egov.dossiers.models import Channel, Dossier
from egov.dossiers.services import DossierError

from .models import Direction, Shipment

# Channel name in the national data (Quyết định 45/2016/QĐ-TTg; REGULATIONS.md).
NATIONAL_CHANNEL_NAME = "Nộp qua bưu chính công ích"


@dataclass
class Postal:
    tracking_number: str
    postal_worker: str
    postage_fee: Decimal = Decimal(0)
    postal_unit: str = ""
    note: str = ""


def _check(postal: Postal):
    if not (postal.tracking_number or "").strip():
        raise DossierError(_("Cần nhập số hiệu bưu gửi."))
    if not (postal.postal_worker or "").strip():
        raise DossierError(_("Cần nhập họ tên nhân viên bưu chính."))
    if postal.postage_fee is None or postal.postage_fee < 0:
        raise DossierError(_("Cước bưu chính không hợp lệ."))


def _shipment(dossier, direction, postal: Postal, officer, at) -> Shipment:
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(
                dossier=dossier,
                direction=direction,
                tracking_number=postal.tracking_number.strip(),
                postage_fee=postal.postage_fee or 0,
                postal_unit=postal.postal_unit.strip(),
                postal_worker=postal.postal_worker.strip(),
                handed_over_at=at,
                officer=officer,
                note=postal.note,
            )
    except IntegrityError:
        raise DossierError(_("Số hiệu bưu gửi đã được dùng, hoặc hồ sơ đã có bưu gửi theo chiều này.")) from None
    record(
        actor=officer,
        action=f"postal.{direction}",
        target=shipment,
        after={"dossier": dossier.pk, "tracking": shipment.tracking_number, "postage": str(shipment.postage_fee)},
        agency=dossier.receiving_agency,
        summary=f"{dossier.code} {shipment.tracking_number}",
    )
    return shipment


def receive_by_post(intake, postal: Postal, *, officer, receiving_agency, now=None) -> tuple[Dossier, Shipment]:
    """A dossier arrives by post: received like at the desk (channel "Bưu chính") with its shipment."""
    _check(postal)
    now = now or timezone.now()
    intake.channel = Channel.POST
    with transaction.atomic():
        dossier = dossier_services.receive(intake, officer=officer, receiving_agency=receiving_agency, now=now)
        shipment = _shipment(dossier, Direction.IN, postal, officer, now)
    return dossier, shipment


def record_arrival(dossier: Dossier, postal: Postal, *, officer, now=None) -> Shipment:
    """The shipment of a dossier already received with channel "Bưu chính" (entered afterwards)."""
    _check(postal)
    if dossier.channel != Channel.POST:
        raise DossierError(_("Hồ sơ này không nộp qua bưu chính."))
    with transaction.atomic():
        return _shipment(dossier, Direction.IN, postal, officer, now or timezone.now())


def return_by_post(dossier: Dossier, postal: Postal, *, officer, now=None) -> Shipment:
    """The result leaves by post: the dossier is returned (its return date is the hand-over to the postal
    worker) and the shipment recorded, together."""
    _check(postal)
    now = now or timezone.now()
    with transaction.atomic():
        dossier_services.return_result(dossier, actor=officer, now=now)
        return _shipment(dossier, Direction.OUT, postal, officer, now)


def national_fields(dossier: Dossier) -> dict:
    """What the DVCQG record carries about the postal channel (field names unverified, see docs/dvcqg.md)."""
    fields = {}
    for s in dossier.shipments.all():
        if s.direction == Direction.IN:
            fields.update(SoHieuBuuGuiNop=s.tracking_number, CuocBuuChinhNop=str(int(s.postage_fee)))
        else:
            fields.update(
                HinhThucTraKetQua="2",
                SoHieuBuuGuiTra=s.tracking_number,
                CuocBuuChinhTra=str(int(s.postage_fee)),
                ThongTinTra=f"Trả qua bưu chính công ích, số hiệu {s.tracking_number}, "
                f"ngày {timezone.localtime(s.handed_over_at):%d/%m/%Y}",
            )
    return fields


def channel_counts(queryset) -> dict:
    """Dossiers received by post and results returned by post among ``queryset`` (channel statistics)."""
    return {
        "received_post": queryset.filter(channel=Channel.POST).count(),
        "returned_post": Shipment.objects.filter(dossier__in=queryset, direction=Direction.OUT).count(),
        "postage": sum((s.postage_fee for s in Shipment.objects.filter(dossier__in=queryset)), Decimal(0)),
    }
