"""Indicators: named figures with a definition shown to users, computed per agency subtree and period.

Public API (used by the ``plans`` app; keep it stable): ``Period``, ``IndicatorValue``,
``IndicatorDefinition``, ``register``, ``definitions``, ``compute``.

Most built-in indicators are ratios of sums of daily facts (``facts.py``), so they read the small
``DailyFact`` table, never the raw dossiers and documents. The few exceptions (overdue dossiers in
progress: a snapshot, not a daily sum; Q&A and feedback: owned by the feedback app) say so in ``source``.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

# --- periods ----------------------------------------------------------------------------------------------

DECREE_09_KINDS = ("month", "quarter", "half", "year")


@dataclass(frozen=True)
class Period:
    """Inclusive local dates ``start``..``end``."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("Period end before start")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if not 1 <= q <= 4:
            raise ValueError("quarter must be 1..4")
        return cls(date(year, 3 * q - 2, 1), cls.month(year, 3 * q).end)

    @classmethod
    def half(cls, year: int, h: int) -> Period:
        if h not in (1, 2):
            raise ValueError("half must be 1 or 2")
        return cls(date(year, 6 * h - 5, 1), cls.month(year, 6 * h).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def decree_09(cls, kind: str, year: int, n: int = 1) -> Period:
        """The data cut-off of a periodic report under Nghị định 09/2019/NĐ-CP, Điều 12.

        Figures run from the 15th of the month before the period to the 14th of its last month:
        - ``month`` n: 15/(n-1) to 14/n (January: 15 December of the year before);
        - ``quarter`` n: 15th of the month before the quarter to 14th of its last month;
        - ``half`` 1: 15/12 of the year before to 14/6; ``half`` 2: 15/6 to 14/12;
        - ``year``: 15/12 of the year before to 14/12 (``n`` ignored).
        """
        if kind == "month":
            if not 1 <= n <= 12:
                raise ValueError("month must be 1..12")
            first, last = n, n
        elif kind == "quarter":
            if not 1 <= n <= 4:
                raise ValueError("quarter must be 1..4")
            first, last = 3 * n - 2, 3 * n
        elif kind == "half":
            if n not in (1, 2):
                raise ValueError("half must be 1 or 2")
            first, last = 6 * n - 5, 6 * n
        elif kind == "year":
            first, last = 1, 12
        else:
            raise ValueError(f"kind must be one of {DECREE_09_KINDS}")
        start = date(year - 1, 12, 15) if first == 1 else date(year, first - 1, 15)
        return cls(start, date(year, last, 14))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[Period]:
        """The calendar months overlapping the period, clipped to it (for trends)."""
        out, cursor = [], self.start
        while cursor <= self.end:
            month = Period.month(cursor.year, cursor.month)
            out.append(Period(max(month.start, self.start), min(month.end, self.end)))
            cursor = month.end + timedelta(days=1)
        return out

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


# --- values and definitions -------------------------------------------------------------------------------

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorValue:
    numerator: Decimal | int
    denominator: Decimal | int | None  # None for counts

    @property
    def value(self) -> Decimal | None:
        """Percentage rounded to 2 decimals when there is a denominator (None if it is 0), else the numerator."""
        if self.denominator is None:
            return Decimal(self.numerator)
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * HUNDRED / Decimal(self.denominator)).quantize(CENT, ROUND_HALF_UP)

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    name: str
    unit: str
    numerator: str
    denominator: str
    source: str
    compute: Callable[[list[int] | None, Period], IndicatorValue] = field(compare=False)
    # For fact-based indicators: the fact metrics summed for the numerator and the denominator. Dashboards
    # use them to compute many indicators from one grouped query; None means "call compute".
    numerator_metrics: tuple[str, ...] | None = None
    denominator_metrics: tuple[str, ...] | None = None
    group: str = ""
    higher_is_better: bool = True
    # For the other indicators: the rows behind the numerator, as metrics ``drill.queryset`` knows.
    drill_metrics: tuple[str, ...] = ()

    @property
    def fact_based(self) -> bool:
        return self.numerator_metrics is not None

    def from_totals(self, totals: dict[str, int]) -> IndicatorValue:
        """The value from summed facts ``{metric: total}`` (fact-based indicators only)."""
        numerator = sum(totals.get(m, 0) for m in self.numerator_metrics)
        if self.denominator_metrics is None:
            return IndicatorValue(numerator, None)
        return IndicatorValue(numerator, sum(totals.get(m, 0) for m in self.denominator_metrics))


_REGISTRY: dict[str, IndicatorDefinition] = {}


def register(definition: IndicatorDefinition) -> None:
    """Add (or replace) an indicator."""
    _REGISTRY[definition.code] = definition


def definitions() -> dict[str, IndicatorDefinition]:
    """All indicators by code, in registration order."""
    return dict(_REGISTRY)


def agency_ids(agency) -> list[int] | None:
    """The ids of ``agency`` and every agency below it (None for the whole province)."""
    if agency is None:
        return None
    from egov.agencies.models import Agency

    return list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))


def compute(code: str, *, agency=None, period: Period) -> IndicatorValue:
    """The value of indicator ``code`` for ``agency`` (and its subtree; None = province) over ``period``."""
    try:
        definition = _REGISTRY[code]
    except KeyError:
        raise KeyError(f"Unknown indicator {code!r}") from None
    return definition.compute(agency_ids(agency), period)


# --- built-in indicators ----------------------------------------------------------------------------------


def fact_indicator(
    code: str,
    name,
    *,
    numerator: Iterable[str],
    denominator: Iterable[str] | None = None,
    numerator_text,
    denominator_text="",
    source,
    group: str,
    unit: str | None = None,
    higher_is_better: bool = True,
) -> IndicatorDefinition:
    """A ratio (or a count without ``denominator``) of sums of daily facts."""
    num, den = tuple(numerator), tuple(denominator) if denominator is not None else None

    def _compute(ids: list[int] | None, period: Period) -> IndicatorValue:
        from .facts import totals

        return definition.from_totals(totals(ids, period, (*num, *(den or ()))))

    definition = IndicatorDefinition(
        code=code,
        name=name,
        unit=unit or ("%" if den is not None else "count"),
        numerator=numerator_text,
        denominator=denominator_text,
        source=source,
        compute=_compute,
        numerator_metrics=num,
        denominator_metrics=den,
        group=group,
        higher_is_better=higher_is_better,
    )
    return definition


RECEIVED = ("d.recv.desk", "d.recv.online", "d.recv.post")
FINISHED = ("d.fin.early", "d.fin.on_time", "d.fin.late")
DOSSIER_SOURCE = _("Hồ sơ một cửa (bảng số liệu ngày, theo cơ quan giải quyết và ngày tiếp nhận)")
FINISHED_SOURCE = _("Hồ sơ một cửa (bảng số liệu ngày, theo cơ quan giải quyết và ngày có kết quả)")
DOCUMENT_SOURCE = _("Văn bản đến, văn bản đi (bảng số liệu ngày, theo cơ quan)")
SNAPSHOT_SOURCE = _(
    "Hồ sơ một cửa: số liệu ngày cộng số hồ sơ đang giải quyết tại cuối kỳ (đếm trực tiếp qua chỉ mục trạng thái)"
)
G_DOSSIERS, G_DOCUMENTS, G_FEEDBACK = "dossiers", "documents", "feedback"

GROUP_NAMES = {
    G_DOSSIERS: _("Giải quyết thủ tục hành chính"),
    G_DOCUMENTS: _("Văn bản điện tử"),
    G_FEEDBACK: _("Hỏi đáp, phản ánh kiến nghị"),
}


def _feedback_indicator(key: str, denominator_key: str | None):
    def _compute(ids: list[int] | None, period: Period) -> IndicatorValue:
        from egov.feedback.stats import answered_on_time  # owned by the feedback app; imported when used

        figures = answered_on_time(ids, period.start, period.end)
        return IndicatorValue(figures.get(key, 0), figures.get(denominator_key, 0) if denominator_key else None)

    return _compute


def _builtins() -> list[IndicatorDefinition]:
    received_all = _("Tổng số hồ sơ tiếp nhận trong kỳ (trực tiếp, trực tuyến, bưu chính)")
    finished_all = _("Tổng số hồ sơ đã giải quyết (có kết quả) trong kỳ")
    rows = [
        fact_indicator(
            "dossiers.received",
            _("Số hồ sơ tiếp nhận"),
            numerator=RECEIVED,
            numerator_text=received_all,
            source=DOSSIER_SOURCE,
            group=G_DOSSIERS,
        ),
    ]
    for metric, label in (
        ("d.recv.desk", _("Số hồ sơ tiếp nhận trực tiếp")),
        ("d.recv.online", _("Số hồ sơ tiếp nhận trực tuyến")),
        ("d.recv.post", _("Số hồ sơ tiếp nhận qua bưu chính công ích")),
    ):
        rows.append(
            fact_indicator(
                "dossiers.received_" + metric.rsplit(".", 1)[1],
                label,
                numerator=(metric,),
                numerator_text=label,
                source=DOSSIER_SOURCE,
                group=G_DOSSIERS,
            )
        )
    rows += [
        fact_indicator(
            "dossiers.online_share",
            _("Tỷ lệ hồ sơ trực tuyến"),
            numerator=("d.recv.online",),
            denominator=RECEIVED,
            numerator_text=_("Số hồ sơ nộp trực tuyến được tiếp nhận trong kỳ"),
            denominator_text=received_all,
            source=DOSSIER_SOURCE,
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "dossiers.full_online_share",
            _("Tỷ lệ hồ sơ trực tuyến toàn trình"),
            numerator=("d.recv.full_online",),
            denominator=("d.recv.full_proc",),
            numerator_text=_("Số hồ sơ nộp trực tuyến của các thủ tục cung cấp dịch vụ công trực tuyến toàn trình"),
            denominator_text=_("Tổng số hồ sơ tiếp nhận của các thủ tục trực tuyến toàn trình"),
            source=DOSSIER_SOURCE,
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "dossiers.paid_online_share",
            _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
            numerator=("d.recv.paid_online",),
            denominator=("d.recv.fee",),
            numerator_text=_("Số hồ sơ có phí, lệ phí đã nộp qua cổng thanh toán trực tuyến"),
            denominator_text=_("Số hồ sơ có phí, lệ phí tiếp nhận trong kỳ"),
            source=DOSSIER_SOURCE,
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "dossiers.digitised_share",
            _("Tỷ lệ hồ sơ được số hóa"),
            numerator=("d.recv.digitised",),
            denominator=RECEIVED,
            numerator_text=_("Số hồ sơ tiếp nhận có giấy tờ đính kèm bản điện tử (số hóa)"),
            denominator_text=received_all,
            source=DOSSIER_SOURCE,
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "dossiers.e_result_share",
            _("Tỷ lệ hồ sơ cấp kết quả điện tử"),
            numerator=("d.fin.e_result",),
            denominator=FINISHED,
            numerator_text=_("Số hồ sơ có kết quả trong kỳ kèm tệp kết quả điện tử"),
            denominator_text=finished_all,
            source=FINISHED_SOURCE,
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "dossiers.finished",
            _("Số hồ sơ đã giải quyết"),
            numerator=FINISHED,
            numerator_text=finished_all,
            source=FINISHED_SOURCE,
            group=G_DOSSIERS,
        ),
    ]
    for metric, label in (
        ("d.fin.early", _("Số hồ sơ giải quyết sớm hạn")),
        ("d.fin.on_time", _("Số hồ sơ giải quyết đúng hạn")),
        ("d.fin.late", _("Số hồ sơ giải quyết trễ hạn")),
    ):
        rows.append(
            fact_indicator(
                "dossiers.finished_" + metric.rsplit(".", 1)[1],
                label,
                numerator=(metric,),
                numerator_text=label,
                source=FINISHED_SOURCE,
                group=G_DOSSIERS,
                higher_is_better=metric != "d.fin.late",
            )
        )
    rows += [
        fact_indicator(
            "dossiers.on_time_share",
            _("Tỷ lệ hồ sơ giải quyết đúng hạn"),
            numerator=("d.fin.early", "d.fin.on_time"),
            denominator=FINISHED,
            numerator_text=_("Số hồ sơ có kết quả trong kỳ trước hoặc đúng hẹn trả"),
            denominator_text=finished_all,
            source=FINISHED_SOURCE,
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "dossiers.overdue_in_progress",
            _("Số hồ sơ đang giải quyết quá hạn"),
            numerator=("s.overdue",),
            numerator_text=_(
                "Số hồ sơ chưa có kết quả, chưa kết thúc, đã quá hẹn trả vào cuối kỳ (hoặc lúc này nếu kỳ chưa hết)"
            ),
            source=SNAPSHOT_SOURCE,
            group=G_DOSSIERS,
            higher_is_better=False,
        ),
        fact_indicator(
            "dossiers.progress_share",
            _("Tỷ lệ hồ sơ giải quyết đúng tiến độ"),
            numerator=("d.fin.early", "d.fin.on_time", "s.in_progress_on_time"),
            denominator=(*FINISHED, "s.in_progress_on_time", "s.overdue"),
            numerator_text=_("Hồ sơ có kết quả trong kỳ sớm hoặc đúng hạn cộng hồ sơ đang giải quyết còn trong hạn"),
            denominator_text=_("Hồ sơ có kết quả trong kỳ cộng hồ sơ đang giải quyết vào cuối kỳ"),
            source=SNAPSHOT_SOURCE,
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "dossiers.satisfaction",
            _("Tỷ lệ người dân, doanh nghiệp hài lòng"),
            numerator=("d.satisfied",),
            denominator=("d.rated",),
            numerator_text=_("Số đánh giá trong kỳ ở mức hài lòng hoặc rất hài lòng (4 hoặc 5 trên 5)"),
            denominator_text=_("Tổng số đánh giá trong kỳ trên Cổng dịch vụ công"),
            source=_("Đánh giá của người nộp trên Cổng dịch vụ công (bảng số liệu ngày, theo ngày đánh giá)"),
            group=G_DOSSIERS,
        ),
        fact_indicator(
            "documents.incoming",
            _("Số văn bản đến"),
            numerator=("doc.in",),
            numerator_text=_("Số văn bản đến được vào sổ trong kỳ"),
            source=DOCUMENT_SOURCE,
            group=G_DOCUMENTS,
        ),
        fact_indicator(
            "documents.outgoing",
            _("Số văn bản đi"),
            numerator=("doc.out",),
            numerator_text=_("Số văn bản đi được ban hành (cấp số) trong kỳ"),
            source=DOCUMENT_SOURCE,
            group=G_DOCUMENTS,
        ),
        fact_indicator(
            "documents.electronic_share",
            _("Tỷ lệ văn bản trao đổi hoàn toàn dưới dạng điện tử"),
            numerator=("doc.in.electronic", "doc.out.electronic"),
            denominator=("doc.in", "doc.out"),
            numerator_text=_(
                "Văn bản đến nhận dưới dạng điện tử cộng văn bản đi chỉ gửi điện tử (trong hệ thống hoặc thư điện tử)"
            ),
            denominator_text=_("Tổng số văn bản đến vào sổ và văn bản đi ban hành trong kỳ"),
            source=DOCUMENT_SOURCE,
            group=G_DOCUMENTS,
        ),
        fact_indicator(
            "documents.signed_share",
            _("Tỷ lệ văn bản đi được ký số"),
            numerator=("doc.out.signed",),
            denominator=("doc.out",),
            numerator_text=_("Số văn bản đi ban hành trong kỳ được người có thẩm quyền ký trên hệ thống"),
            denominator_text=_("Số văn bản đi ban hành trong kỳ"),
            source=DOCUMENT_SOURCE,
            group=G_DOCUMENTS,
        ),
        fact_indicator(
            "documents.on_time_share",
            _("Tỷ lệ văn bản đến xử lý đúng hạn"),
            numerator=("doc.in.done_on_time",),
            denominator=("doc.in.done",),
            numerator_text=_("Số văn bản đến xử lý xong trong kỳ, không trễ hạn"),
            denominator_text=_("Số văn bản đến xử lý xong trong kỳ"),
            source=DOCUMENT_SOURCE,
            group=G_DOCUMENTS,
        ),
        IndicatorDefinition(
            code="feedback.answered_on_time_share",
            name=_("Tỷ lệ hỏi đáp, phản ánh kiến nghị được trả lời đúng hạn"),
            unit="%",
            numerator=_("Số câu hỏi, phản ánh tiếp nhận trong kỳ được trả lời đúng hạn"),
            denominator=_("Số câu hỏi, phản ánh tiếp nhận trong kỳ"),
            source=_("Hỏi đáp, phản ánh kiến nghị (ứng dụng feedback, đọc trực tiếp)"),
            compute=_feedback_indicator("answered_on_time", "received"),
            group=G_FEEDBACK,
            drill_metrics=("fb.answered_on_time",),
        ),
        IndicatorDefinition(
            code="feedback.overdue_open",
            name=_("Số phản ánh kiến nghị quá hạn chưa trả lời"),
            unit="count",
            numerator=_("Số câu hỏi, phản ánh quá hạn mà chưa được trả lời"),
            denominator="",
            source=_("Hỏi đáp, phản ánh kiến nghị (ứng dụng feedback, đọc trực tiếp)"),
            compute=_feedback_indicator("overdue_open", None),
            group=G_FEEDBACK,
            drill_metrics=("fb.overdue_open",),
            higher_is_better=False,
        ),
    ]
    return rows


for _definition in _builtins():
    register(_definition)
