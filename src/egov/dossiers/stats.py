"""Dossier statistics by handling agency (rolled up the agency tree) or sector, for a period.

Figures (as in the periodic one-stop report):
- received in the period, by channel (desk / online / post);
- in progress at the end of the period (or now, if earlier), on time or overdue;
- finished (result issued) in the period: early, on time or late against the appointment;
- results returned in the period.

Counting happens in the database: one ``values(...).annotate(Count(..., filter=...))`` query, scoped
with ``Dossier.objects.for_user``; Python only adds the few grouped rows up the agency tree.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from io import BytesIO

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.agencies.models import Agency
from egov.agencies.scoping import scope_of, visible_agency_ids
from egov.procedures.models import Sector

from .models import ONLINE_CHANNELS, Channel, Dossier, Outcome

GROUP_AGENCY = "agency"
GROUP_SECTOR = "sector"

# (key, group heading, column heading)
COLUMNS = (
    ("received_desk", gettext_lazy("Tiếp nhận"), gettext_lazy("Trực tiếp")),
    ("received_online", gettext_lazy("Tiếp nhận"), gettext_lazy("Trực tuyến")),
    ("received_post", gettext_lazy("Tiếp nhận"), gettext_lazy("Bưu chính")),
    ("in_progress_on_time", gettext_lazy("Đang giải quyết"), gettext_lazy("Trong hạn")),
    ("in_progress_overdue", gettext_lazy("Đang giải quyết"), gettext_lazy("Quá hạn")),
    ("finished_early", gettext_lazy("Đã giải quyết"), gettext_lazy("Sớm hạn")),
    ("finished_on_time", gettext_lazy("Đã giải quyết"), gettext_lazy("Đúng hạn")),
    ("finished_late", gettext_lazy("Đã giải quyết"), gettext_lazy("Trễ hạn")),
    ("returned", gettext_lazy("Đã trả kết quả"), gettext_lazy("Tổng")),
)
METRICS = tuple(key for key, _group, _label in COLUMNS)


@dataclass
class Row:
    key: int | None
    label: str
    depth: int = 0
    has_children: bool = False
    counts: dict = field(default_factory=lambda: dict.fromkeys(METRICS, 0))

    def add(self, counts: dict) -> None:
        for metric in METRICS:
            self.counts[metric] += counts.get(metric, 0)

    @property
    def received(self) -> int:
        return self.counts["received_desk"] + self.counts["received_online"] + self.counts["received_post"]

    @property
    def in_progress(self) -> int:
        return self.counts["in_progress_on_time"] + self.counts["in_progress_overdue"]

    @property
    def finished(self) -> int:
        return self.counts["finished_early"] + self.counts["finished_on_time"] + self.counts["finished_late"]

    @property
    def returned(self) -> int:
        return self.counts["returned"]

    @property
    def on_time_rate(self) -> float | None:
        """Share of the finished dossiers finished early or on time (None when none finished)."""
        if not self.finished:
            return None
        return (self.counts["finished_early"] + self.counts["finished_on_time"]) / self.finished

    def values(self) -> list[int]:
        return [self.counts[metric] for metric in METRICS]


@dataclass
class Report:
    start: date
    end: date
    as_of: datetime
    group_by: str
    rows: list[Row]
    total: Row


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def conditions(start: datetime, end: datetime, as_of: datetime) -> dict[str, Q]:
    """One filter per metric, on the period [start, end) and the moment ``as_of``."""
    received = Q(received_at__gte=start, received_at__lt=end)
    finished = Q(result_at__gte=start, result_at__lt=end)
    in_progress = (
        Q(received_at__lt=as_of)
        & (Q(result_at__isnull=True) | Q(result_at__gte=as_of))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=as_of))
    )
    return {
        "received_desk": received & Q(channel=Channel.DESK),
        "received_online": received & Q(channel__in=ONLINE_CHANNELS),
        "received_post": received & Q(channel=Channel.POST),
        "in_progress_on_time": in_progress & Q(due_at__gte=as_of),
        "in_progress_overdue": in_progress & Q(due_at__lt=as_of),
        "finished_early": finished & Q(outcome=Outcome.EARLY),
        "finished_on_time": finished & Q(outcome=Outcome.ON_TIME),
        "finished_late": finished & Q(outcome=Outcome.LATE),
        "returned": Q(returned_at__gte=start, returned_at__lt=end),
    }


def aggregate(queryset, group_field: str, start: datetime, end: datetime, as_of: datetime) -> list[dict]:
    """``[{group_field: id, metric: count, ...}]``: one grouped query over the rows that count at all."""
    metric_filters = conditions(start, end, as_of)
    relevant = Q()
    for condition in metric_filters.values():
        relevant |= condition
    annotations = {metric: Count("pk", filter=condition) for metric, condition in metric_filters.items()}
    return list(queryset.filter(relevant).values(group_field).annotate(**annotations).order_by(group_field))


def dossier_stats(
    user, *, start: date, end: date, group_by: str = GROUP_AGENCY, sector=None, now: datetime | None = None
) -> Report:
    """The statistics ``user`` may see for the days ``start`` to ``end`` (inclusive, local time)."""
    now = now or timezone.now()
    period_start, period_end = _local_start(start), _local_start(end + timedelta(days=1))
    as_of = min(period_end, now)
    queryset = Dossier.objects.for_user(user)
    if sector is not None:
        queryset = queryset.filter(procedure__sector=sector)
    group_field = "handling_agency" if group_by == GROUP_AGENCY else "procedure__sector"
    grouped = aggregate(queryset, group_field, period_start, period_end, as_of)
    total = Row(None, _("Tổng cộng"))
    for item in grouped:
        total.add(item)
    rows = _agency_rows(grouped, user) if group_by == GROUP_AGENCY else _sector_rows(grouped)
    return Report(start=start, end=end, as_of=as_of, group_by=group_by, rows=rows, total=total)


def _sector_rows(grouped: list[dict]) -> list[Row]:
    names = dict(Sector.objects.filter(pk__in=[g["procedure__sector"] for g in grouped]).values_list("pk", "name"))
    rows = []
    for item in grouped:
        row = Row(item["procedure__sector"], names.get(item["procedure__sector"], "—"))
        row.add(item)
        rows.append(row)
    return sorted(rows, key=lambda r: r.label)


def _agency_rows(grouped: list[dict], user) -> list[Row]:
    """Rows in tree order; an agency's figures include those of the agencies below it that it may see."""
    own = {item["handling_agency"]: item for item in grouped}
    paths = dict(Agency.objects.filter(pk__in=own).values_list("pk", "path"))
    visible = None if scope_of(user).everything else set(visible_agency_ids(user))
    node_ids = set()
    for path in paths.values():
        node_ids.update(int(part) for part in path.strip("/").split("/"))
    if visible is not None:
        node_ids &= visible  # roll up only into agencies the user may see...
    node_ids |= set(paths)  # ...but always show the handling agencies of the dossiers he sees
    nodes = {a.pk: a for a in Agency.objects.filter(pk__in=node_ids).only("name", "path", "sort_order")}
    rows = {pk: Row(pk, agency.name) for pk, agency in nodes.items()}
    for agency_pk, path in paths.items():
        for ancestor in (int(part) for part in path.strip("/").split("/")):
            if ancestor in rows:
                rows[ancestor].add(own[agency_pk])
    return _tree_order(rows, nodes)


def _tree_order(rows: dict[int, Row], nodes: dict) -> list[Row]:
    ids_of = {pk: [int(p) for p in agency.path.strip("/").split("/")] for pk, agency in nodes.items()}
    for pk, row in rows.items():
        shown_ancestors = [a for a in ids_of[pk][:-1] if a in rows]
        row.depth = len(shown_ancestors)
        for ancestor in shown_ancestors:
            rows[ancestor].has_children = True

    def sort_key(pk):
        return [(nodes[a].sort_order, nodes[a].name) for a in ids_of[pk] if a in nodes]

    return [rows[pk] for pk in sorted(rows, key=sort_key)]


# --- spreadsheet ----------------------------------------------------------------------------------------


def report_xlsx(report: Report, *, title: str | None = None) -> bytes:
    """The report as an XLSX workbook: a title, the period, a two-row header and one row per group."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Thống kê hồ sơ")[:31]
    sheet.append([title or _("Thống kê tình hình giải quyết hồ sơ thủ tục hành chính")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Kỳ thống kê: từ ngày %(start)s đến ngày %(end)s") % _period(report)])
    sheet.append([])
    first = _("Cơ quan giải quyết") if report.group_by == GROUP_AGENCY else _("Lĩnh vực")
    groups = [str(group) for _key, group, _label in COLUMNS]
    sheet.append([first, *groups])
    sheet.append(["", *[str(label) for _key, _group, label in COLUMNS]])
    _merge_groups(sheet, groups, header_row=4)
    for row in report.rows:
        sheet.append([row.label, *row.values()])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(indent=row.depth)
        if row.has_children:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([report.total.label, *report.total.values()])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for header in (sheet[4], sheet[5]):
        for cell in header:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.column_dimensions["A"].width = 48
    for index in range(2, len(COLUMNS) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 13
    sheet.freeze_panes = "B6"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _period(report: Report) -> dict:
    return {"start": report.start.strftime("%d/%m/%Y"), "end": report.end.strftime("%d/%m/%Y")}


def _merge_groups(sheet, groups: list[str], *, header_row: int) -> None:
    """Merge the repeated group headings (Tiếp nhận × 3...) into one cell each."""
    start = 0
    for index in range(1, len(groups) + 1):
        if index == len(groups) or groups[index] != groups[start]:
            if index - start > 1:
                sheet.merge_cells(
                    start_row=header_row, start_column=start + 2, end_row=header_row, end_column=index + 1
                )
            start = index
    sheet.merge_cells(start_row=header_row, start_column=1, end_row=header_row + 1, end_column=1)
