"""Incoming and outgoing registers (sổ đăng ký văn bản) with the Decree 30 columns, as XLSX."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IncomingDocument, OutgoingDocument


def incoming_rows(documents):
    yield [
        _("Ngày đến"),
        _("Số đến"),
        _("Tác giả"),
        _("Số, ký hiệu"),
        _("Ngày tháng văn bản"),
        _("Tên loại và trích yếu nội dung"),
        _("Đơn vị hoặc người nhận"),
        _("Ngày chuyển"),
        _("Ký nhận"),
        _("Ghi chú"),
    ]
    for d in documents:
        lead = next((a for a in d.assignments.all() if a.kind == "lead"), None)
        yield [
            _local_date(d.arrival_date),
            d.arrival_number,
            d.issuer_name,
            d.notation,
            _date(d.document_date),
            f"{d.document_type.name}: {d.subject}",
            str(d.lead_user or d.lead_unit or ""),
            _local_date(lead.assigned_at) if lead else "",
            "",
            d.get_status_display() if d.status == "recalled" else "",
        ]


def outgoing_rows(documents):
    yield [
        _("Số, ký hiệu văn bản"),
        _("Ngày tháng văn bản"),
        _("Tên loại và trích yếu nội dung"),
        _("Người ký"),
        _("Nơi nhận văn bản"),
        _("Đơn vị, người nhận bản lưu"),
        _("Số lượng bản"),
        _("Ngày chuyển"),
        _("Ký nhận"),
        _("Ghi chú"),
    ]
    for d in documents:
        recipients = [x.recipient_name for x in d.dispatches.all()]
        yield [
            d.notation,
            _date(d.document_date),
            f"{d.document_type.name}: {d.subject}",
            d.signer_name,
            "; ".join(recipients),
            str(d.drafting_unit or ""),
            len(recipients),
            _local_date(d.issued_at),
            "",
            _("Đã thu hồi") if d.recalled_at else "",
        ]


def register_xlsx(kind: str, documents, *, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    rows = incoming_rows(documents) if kind == "incoming" else outgoing_rows(documents)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_documents(kind: str, user, year: int):
    """The registered documents of ``year`` that ``user`` may see, in register order."""
    if kind == "incoming":
        return (
            IncomingDocument.objects.for_user(user)
            .filter(register__year=year)
            .select_related("document_type", "lead_unit", "lead_user")
            .prefetch_related("assignments")
            .order_by("register__is_secret", "arrival_number")
        )
    return (
        OutgoingDocument.objects.for_user(user)
        .filter(register__year=year)
        .select_related("document_type", "drafting_unit")
        .prefetch_related("dispatches")
        .order_by("register__is_secret", "sequence")
    )


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _local_date(value):
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""
