"""The province-wide summary of one period of a periodic report: every unit's values (accepted reports) and the
sum or average of each field; the units still owing their report are listed (overdue flagged)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ReportSchedule, ReportSubmission
from .transitions import SubmissionStatus
from .values import format_number


@dataclass
class SummaryRow:
    submission: ReportSubmission
    cells: list[str]


@dataclass
class Summary:
    schedule: ReportSchedule
    period_start: date
    period_end: date
    period_label: str
    deadline: date | None
    fields: list[dict]
    rows: list[SummaryRow] = field(default_factory=list)  # accepted reports
    totals: list[str] = field(default_factory=list)
    pending: list[ReportSubmission] = field(default_factory=list)  # every other report of the period
    counts: dict = field(default_factory=dict)


def _aggregate(spec: dict, numbers: list[Decimal]) -> str:
    if spec["aggregate"] == "none" or not numbers:
        return ""
    total = sum(numbers, Decimal(0))
    if spec["aggregate"] == "avg":
        total = (total / len(numbers)).quantize(Decimal("0.01"))
    return format_number(total)


def period_summary(schedule: ReportSchedule, period_start: date, *, user) -> Summary:
    submissions = list(
        ReportSubmission.objects.for_user(user)
        .filter(schedule=schedule, period_start=period_start)
        .select_related("agency")
        .order_by("agency__sort_order", "agency__name", "id")
    )
    first = submissions[0] if submissions else None
    fields = schedule.template.fields
    summary = Summary(
        schedule=schedule,
        period_start=period_start,
        period_end=first.period_end if first else period_start,
        period_label=first.period_label if first else "",
        deadline=first.deadline if first else None,
        fields=fields,
    )
    numbers = {f["key"]: [] for f in fields}
    for submission in submissions:
        if submission.status != SubmissionStatus.ACCEPTED:
            summary.pending.append(submission)
            continue
        cells = []
        for spec in fields:
            raw = submission.values.get(spec["key"], "")
            if spec["type"] != "text" and raw != "":
                numbers[spec["key"]].append(Decimal(raw))
                cells.append(format_number(Decimal(raw)))
            else:
                cells.append(raw)
        summary.rows.append(SummaryRow(submission, cells))
    summary.totals = [_aggregate(spec, numbers[spec["key"]]) for spec in fields]
    today = timezone.localdate()
    summary.counts = {
        "total": len(submissions),
        "accepted": len(summary.rows),
        "overdue": sum(1 for s in summary.pending if s.is_overdue(today)),
    }
    return summary


def summary_xlsx(summary: Summary) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tổng hợp")[:31]
    sheet.append([f"{summary.schedule.template.title} — {summary.period_label}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            _("Số liệu từ ngày %(start)s đến ngày %(end)s; %(accepted)d/%(total)d đơn vị đã được tiếp nhận.")
            % {
                "start": summary.period_start.strftime("%d/%m/%Y"),
                "end": summary.period_end.strftime("%d/%m/%Y"),
                **summary.counts,
            }
        ]
    )
    sheet.append([])
    sheet.append([_("STT"), _("Đơn vị"), *[f["label"] for f in summary.fields]])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, row in enumerate(summary.rows, start=1):
        sheet.append([number, row.submission.agency.name, *row.cells])
    sheet.append(["", _("Toàn tỉnh (tổng hoặc trung bình)"), *summary.totals])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    if summary.pending:
        sheet.append([])
        sheet.append([_("Đơn vị chưa được tiếp nhận báo cáo")])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for row in summary.pending:
            flag = _("Quá hạn") if row.is_overdue() else ""
            sheet.append(["", row.agency.name, str(row.get_status_display()), flag])
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 48
    for index in range(3, len(summary.fields) + 3):
        sheet.column_dimensions[sheet.cell(4, index).column_letter].width = 18
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
