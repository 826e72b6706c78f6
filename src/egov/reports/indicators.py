"""Indicators: named figures with a definition shown to users, computed per agency subtree and period.

Public API (used by the ``plans`` app; keep it stable): ``Period``, ``IndicatorValue``,
``IndicatorDefinition``, ``register``, ``definitions``, ``compute``.

Most built-in indicators are ratios of sums of daily facts (``facts.py``), so they read the small
``DailyFact`` table, never the raw dossiers and documents. The few exceptions (overdue dossiers in
progress: a snapshot, not a daily sum; Q&A and feedback: owned by the feedback app) say so in ``source``.
The built-in ones are written below as tables, one row per indicator, grouped by group and source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from egov.core.registry import Registry

from .periods import DECREE_09_KINDS, Period  # noqa: F401 (part of this module's public API)

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


INDICATORS: Registry[IndicatorDefinition] = Registry("report indicators")


def register(definition: IndicatorDefinition) -> None:
    """Add (or replace) an indicator."""
    INDICATORS.register(definition.code, definition, replace=True)


def definitions() -> dict[str, IndicatorDefinition]:
    """All indicators by code, in registration order."""
    return dict(INDICATORS.items())


def agency_ids(agency) -> list[int] | None:
    """The ids of ``agency`` and every agency below it (None for the whole province)."""
    if agency is None:
        return None
    from egov.agencies.models import Agency

    return list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))


def compute(code: str, *, agency=None, period: Period) -> IndicatorValue:
    """The value of indicator ``code`` for ``agency`` (and its subtree; None = province) over ``period``."""
    definition = INDICATORS.get(code, None)
    if definition is None:
        raise KeyError(f"Unknown indicator {code!r}")
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


RECEIVED_ALL = _("Tổng số hồ sơ tiếp nhận trong kỳ (trực tiếp, trực tuyến, bưu chính)")
FINISHED_ALL = _("Tổng số hồ sơ đã giải quyết (có kết quả) trong kỳ")
RATING_SOURCE = _("Đánh giá của người nộp trên Cổng dịch vụ công (bảng số liệu ngày, theo ngày đánh giá)")
FEEDBACK_SOURCE = _("Hỏi đáp, phản ánh kiến nghị (ứng dụng feedback, đọc trực tiếp)")
LOWER = {"higher_is_better": False}


def facts_table(group: str, source, *rows) -> list[IndicatorDefinition]:
    """Fact-based indicators of one group and source; a row is ``(code, name, numerator metrics,
    denominator metrics or None, numerator text or None for the name[, denominator text[, flags]])``."""
    out = []
    for code, name, num, den, num_text, *rest in rows:
        den_text = rest[0] if rest else ""
        flags = rest[1] if len(rest) > 1 else {}
        out.append(
            fact_indicator(
                code,
                name,
                numerator=num,
                denominator=den,
                numerator_text=num_text or name,
                denominator_text=den_text,
                source=source,
                group=group,
                **flags,
            )
        )
    return out


def _builtins() -> list[IndicatorDefinition]:
    # fmt: off
    return [
        *facts_table(
            G_DOSSIERS, DOSSIER_SOURCE,
            ("dossiers.received", _("Số hồ sơ tiếp nhận"), RECEIVED, None, RECEIVED_ALL),
            ("dossiers.received_desk", _("Số hồ sơ tiếp nhận trực tiếp"), ("d.recv.desk",), None, None),
            ("dossiers.received_online", _("Số hồ sơ tiếp nhận trực tuyến"), ("d.recv.online",), None, None),
            ("dossiers.received_post", _("Số hồ sơ tiếp nhận qua bưu chính công ích"), ("d.recv.post",), None, None),
            ("dossiers.online_share", _("Tỷ lệ hồ sơ trực tuyến"), ("d.recv.online",), RECEIVED,
             _("Số hồ sơ nộp trực tuyến được tiếp nhận trong kỳ"), RECEIVED_ALL),
            ("dossiers.full_online_share", _("Tỷ lệ hồ sơ trực tuyến toàn trình"),
             ("d.recv.full_online",), ("d.recv.full_proc",),
             _("Số hồ sơ nộp trực tuyến của các thủ tục cung cấp dịch vụ công trực tuyến toàn trình"),
             _("Tổng số hồ sơ tiếp nhận của các thủ tục trực tuyến toàn trình")),
            ("dossiers.paid_online_share", _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
             ("d.recv.paid_online",), ("d.recv.fee",),
             _("Số hồ sơ có phí, lệ phí đã nộp qua cổng thanh toán trực tuyến"),
             _("Số hồ sơ có phí, lệ phí tiếp nhận trong kỳ")),
            ("dossiers.digitised_share", _("Tỷ lệ hồ sơ được số hóa"), ("d.recv.digitised",), RECEIVED,
             _("Số hồ sơ tiếp nhận có giấy tờ đính kèm bản điện tử (số hóa)"), RECEIVED_ALL),
        ),
        *facts_table(
            G_DOSSIERS, FINISHED_SOURCE,
            ("dossiers.e_result_share", _("Tỷ lệ hồ sơ cấp kết quả điện tử"), ("d.fin.e_result",), FINISHED,
             _("Số hồ sơ có kết quả trong kỳ kèm tệp kết quả điện tử"), FINISHED_ALL),
            ("dossiers.finished", _("Số hồ sơ đã giải quyết"), FINISHED, None, FINISHED_ALL),
            ("dossiers.finished_early", _("Số hồ sơ giải quyết sớm hạn"), ("d.fin.early",), None, None),
            ("dossiers.finished_on_time", _("Số hồ sơ giải quyết đúng hạn"), ("d.fin.on_time",), None, None),
            ("dossiers.finished_late", _("Số hồ sơ giải quyết trễ hạn"), ("d.fin.late",), None, None, "", LOWER),
            ("dossiers.on_time_share", _("Tỷ lệ hồ sơ giải quyết đúng hạn"), ("d.fin.early", "d.fin.on_time"),
             FINISHED, _("Số hồ sơ có kết quả trong kỳ trước hoặc đúng hẹn trả"), FINISHED_ALL),
        ),
        *facts_table(
            G_DOSSIERS, SNAPSHOT_SOURCE,
            ("dossiers.overdue_in_progress", _("Số hồ sơ đang giải quyết quá hạn"), ("s.overdue",), None,
             _("Số hồ sơ chưa có kết quả, chưa kết thúc, đã quá hẹn trả vào cuối kỳ (hoặc lúc này nếu kỳ chưa hết)"),
             "", LOWER),
            ("dossiers.progress_share", _("Tỷ lệ hồ sơ giải quyết đúng tiến độ"),
             ("d.fin.early", "d.fin.on_time", "s.in_progress_on_time"),
             (*FINISHED, "s.in_progress_on_time", "s.overdue"),
             _("Hồ sơ có kết quả trong kỳ sớm hoặc đúng hạn cộng hồ sơ đang giải quyết còn trong hạn"),
             _("Hồ sơ có kết quả trong kỳ cộng hồ sơ đang giải quyết vào cuối kỳ")),
        ),
        *facts_table(
            G_DOSSIERS, RATING_SOURCE,
            ("dossiers.satisfaction", _("Tỷ lệ người dân, doanh nghiệp hài lòng"), ("d.satisfied",), ("d.rated",),
             _("Số đánh giá trong kỳ ở mức hài lòng hoặc rất hài lòng (4 hoặc 5 trên 5)"),
             _("Tổng số đánh giá trong kỳ trên Cổng dịch vụ công")),
        ),
        *facts_table(
            G_DOCUMENTS, DOCUMENT_SOURCE,
            ("documents.incoming", _("Số văn bản đến"), ("doc.in",), None,
             _("Số văn bản đến được vào sổ trong kỳ")),
            ("documents.outgoing", _("Số văn bản đi"), ("doc.out",), None,
             _("Số văn bản đi được ban hành (cấp số) trong kỳ")),
            ("documents.electronic_share", _("Tỷ lệ văn bản trao đổi hoàn toàn dưới dạng điện tử"),
             ("doc.in.electronic", "doc.out.electronic"), ("doc.in", "doc.out"),
             _("Văn bản đến nhận dưới dạng điện tử cộng văn bản đi chỉ gửi điện tử (trong hệ thống hoặc thư điện tử)"),
             _("Tổng số văn bản đến vào sổ và văn bản đi ban hành trong kỳ")),
            ("documents.signed_share", _("Tỷ lệ văn bản đi được ký số"), ("doc.out.signed",), ("doc.out",),
             _("Số văn bản đi ban hành trong kỳ được người có thẩm quyền ký trên hệ thống"),
             _("Số văn bản đi ban hành trong kỳ")),
            ("documents.on_time_share", _("Tỷ lệ văn bản đến xử lý đúng hạn"),
             ("doc.in.done_on_time",), ("doc.in.done",),
             _("Số văn bản đến xử lý xong trong kỳ, không trễ hạn"), _("Số văn bản đến xử lý xong trong kỳ")),
        ),
        IndicatorDefinition(
            code="feedback.answered_on_time_share",
            name=_("Tỷ lệ hỏi đáp, phản ánh kiến nghị được trả lời đúng hạn"),
            unit="%",
            numerator=_("Số câu hỏi, phản ánh tiếp nhận trong kỳ được trả lời đúng hạn"),
            denominator=_("Số câu hỏi, phản ánh tiếp nhận trong kỳ"),
            source=FEEDBACK_SOURCE,
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
            source=FEEDBACK_SOURCE,
            compute=_feedback_indicator("overdue_open", None),
            group=G_FEEDBACK,
            drill_metrics=("fb.overdue_open",),
            higher_is_better=False,
        ),
    ]
    # fmt: on


for _definition in _builtins():
    register(_definition)
