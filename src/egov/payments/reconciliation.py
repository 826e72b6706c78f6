"""Daily reconciliation: what the gateways told us (the notification log) against our own state.

Read-only; lists the mismatches a finance officer must look at for one day (Vietnam time).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import NotificationOutcome, PaymentNotificationLog, PaymentStatus, PaymentTransaction

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

KINDS = {
    "paid_not_recorded": _("Cổng báo đã thanh toán nhưng giao dịch chưa được ghi nhận"),
    "amount_mismatch": _("Cổng báo số tiền khác số tiền giao dịch"),
    "paid_without_notification": _("Giao dịch đã thanh toán nhưng không có thông báo hợp lệ từ cổng"),
    "dossier_not_marked": _("Đã thanh toán nhưng hồ sơ chưa được ghi nhận nộp phí"),
    "pending_too_long": _("Giao dịch chờ thanh toán quá lâu"),
}


@dataclass(frozen=True)
class Mismatch:
    kind: str
    reference: str
    transaction: PaymentTransaction | None
    detail: str = ""

    @property
    def label(self):
        return KINDS[self.kind]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=VN_TZ)
    return start, start + timedelta(days=1)


def pending_limit() -> timedelta:
    return timedelta(minutes=getattr(settings, "PAYMENT_PENDING_MINUTES", 60))


def reconcile(day: date, *, transactions=None, now=None) -> list[Mismatch]:
    """Every mismatch of ``day``; ``transactions`` narrows to a (scoped) queryset of transactions."""
    now = now or timezone.now()
    start, end = day_bounds(day)
    txns = transactions if transactions is not None else PaymentTransaction.objects.all()
    logs = PaymentNotificationLog.objects.filter(received_at__gte=start, received_at__lt=end, signature_valid=True)
    if transactions is not None:  # a scoped view; otherwise orders we do not know are listed too
        logs = logs.filter(transaction__in=txns)
    logs = logs.select_related("transaction")
    found = [*_reported_paid_not_recorded(logs), *_amount_mismatches(logs)]
    paid = txns.filter(status=PaymentStatus.PAID, paid_at__gte=start, paid_at__lt=end).select_related("dossier")
    found += _paid_without_notification(paid)
    found += [Mismatch("dossier_not_marked", t.reference, t, str(t.dossier)) for t in paid if not t.dossier.fee_paid]
    stale = txns.filter(status=PaymentStatus.PENDING, created_at__lt=min(end, now - pending_limit()))
    found += [Mismatch("pending_too_long", t.reference, t, t.created_at.isoformat()) for t in stale.order_by("id")]
    return found


def _reported_paid_not_recorded(logs):
    for log in logs.filter(reported_success=True).exclude(transaction__status=PaymentStatus.PAID):
        yield Mismatch("paid_not_recorded", log.reference, log.transaction, log.get_outcome_display())


def _amount_mismatches(logs):
    for log in logs.filter(outcome=NotificationOutcome.AMOUNT_MISMATCH):
        yield Mismatch("amount_mismatch", log.reference, log.transaction, f"{log.reported_amount}")


def _paid_without_notification(paid):
    accepted = PaymentNotificationLog.objects.filter(
        transaction=OuterRef("pk"), signature_valid=True, outcome=NotificationOutcome.ACCEPTED
    )
    return [
        Mismatch("paid_without_notification", t.reference, t)
        for t in paid.annotate(notified=Exists(accepted)).filter(notified=False)
    ]
