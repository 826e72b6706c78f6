"""Statistics of incoming documents per lead unit: received, handled on time / late, open and overdue, and
the share received electronically (the plans' indicator of documents handled on the network)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from .models import Channel, IncomingDocument
from .transitions import INCOMING_OPEN, IncomingStatus


@dataclass
class UnitRow:
    unit: str
    received: int
    done_on_time: int
    done_late: int
    open: int
    overdue: int
    electronic: int

    @property
    def electronic_share(self) -> float:
        return round(100 * self.electronic / self.received, 1) if self.received else 0.0


def unit_statistics(user, start: date, end: date, *, today: date | None = None) -> list[UnitRow]:
    """One row per lead unit (unassigned documents under an empty unit name) for documents that arrived
    between ``start`` and ``end`` inclusive, among those ``user`` may see."""
    today = today or timezone.localdate()
    done = Q(status=IncomingStatus.DONE)
    rows = (
        IncomingDocument.objects.for_user(user)
        .filter(arrival_date__date__gte=start, arrival_date__date__lte=end)
        .values("lead_unit__name")
        .annotate(
            received=Count("id"),
            done_on_time=Count("id", filter=done & Q(done_late=False)),
            done_late=Count("id", filter=done & Q(done_late=True)),
            open=Count("id", filter=Q(status__in=INCOMING_OPEN)),
            overdue=Count("id", filter=Q(status__in=INCOMING_OPEN, deadline__lt=today)),
            electronic=Count("id", filter=Q(channel=Channel.ELECTRONIC)),
        )
        .order_by("lead_unit__name")
    )
    return [UnitRow(unit=r.pop("lead_unit__name") or "", **r) for r in rows]


def statistics_xlsx(rows: list[UnitRow], *, title: str, start: date, end: date) -> bytes:
    """The per-unit statistics as a spreadsheet (one row per unit, then the totals)."""
    import io

    from django.utils.translation import gettext as _
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet.append([_("Từ ngày %(start)s đến ngày %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}])
    sheet.append(columns())
    for row in [*rows, total(rows)]:
        sheet.append(
            [row.unit, row.received, row.done_on_time, row.done_late, row.open, row.overdue, row.electronic_share]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def columns() -> list[str]:
    from django.utils.translation import gettext as _

    return [
        _("Đơn vị chủ trì"),
        _("Tiếp nhận"),
        _("Hoàn thành đúng hạn"),
        _("Hoàn thành trễ hạn"),
        _("Đang xử lý"),
        _("Quá hạn"),
        _("Tỷ lệ văn bản điện tử (%)"),
    ]


def total(rows: list[UnitRow]) -> UnitRow:
    from django.utils.translation import gettext as _

    fields = ("received", "done_on_time", "done_late", "open", "overdue", "electronic")
    return UnitRow(unit=_("Tổng cộng"), **{f: sum(getattr(r, f) for r in rows) for f in fields})
