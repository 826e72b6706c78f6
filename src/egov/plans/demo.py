"""Demo IT plan (from ``data/example_plan.json``, modelled on a provincial plan's appendix of indicators) and a
quarterly report with units' reports in every state, all made through the service functions. Idempotent."""

from pathlib import Path

from django.utils import timezone

from egov.accounts.models import User
from egov.agencies.models import Agency

from . import io, periods, services
from .models import Frequency, ItPlan, ReportTemplate

EXAMPLE = Path(__file__).parent / "data" / "example_plan.json"
REPORT_UNITS = ("000.00.04.H99", "000.00.05.H99", "000.00.07.H99", "000.00.31.H99", "000.00.32.H99")
TEMPLATE_FIELDS = [
    {"key": "received", "label": "Số hồ sơ TTHC tiếp nhận", "type": "integer", "indicator": "dossiers.received"},
    {"key": "online_share", "label": "Tỷ lệ hồ sơ nộp trực tuyến", "type": "percent",
     "indicator": "dossiers.online_share", "aggregate": "avg"},
    {"key": "on_time_share", "label": "Tỷ lệ hồ sơ giải quyết đúng hạn", "type": "percent",
     "indicator": "dossiers.on_time_share", "aggregate": "avg"},
    {"key": "electronic_docs", "label": "Tỷ lệ văn bản điện tử", "type": "percent",
     "indicator": "documents.electronic_share", "aggregate": "avg"},
    {"key": "trained", "label": "Số lượt cán bộ được bồi dưỡng kỹ năng số", "type": "integer"},
    {"key": "difficulties", "label": "Khó khăn, vướng mắc, kiến nghị", "type": "text"},
]  # fmt: skip


def load_demo() -> list:
    """Loads the demo plan and reports; returns no sign-ins (``egov demo`` lists only accounts)."""
    admin = User.objects.filter(username="admin").first()
    if not ItPlan.objects.filter(code="KH-CDS-2026-2030").exists():
        result = io.import_plan(EXAMPLE, actor=admin)
        if not result.ok:
            raise RuntimeError("; ".join(result.issues))
        services.refresh_computed(result.plan)
        second = result.plan.indicators.filter(section_code="I", number="2").first()
        if admin is not None and second is not None:
            note = "Còn 2 xã chưa kết nối, dự kiến quý I/2027."
            services.enter_actual(second, actor=admin, actual="97%", note=note)
    if not ReportTemplate.objects.filter(code="bao-cao-cds-quy").exists():
        _reports(admin)
    return []


def _reports(admin) -> list:
    template = services.save_template(
        actor=None,
        code="bao-cao-cds-quy",
        title="Báo cáo tình hình ứng dụng CNTT, chuyển đổi số",
        fields=TEMPLATE_FIELDS,
        description="Báo cáo hằng quý của các sở, ngành và UBND cấp xã.",
    )
    units = list(Agency.objects.filter(code__in=REPORT_UNITS))
    schedule = services.save_schedule(
        actor=None,
        template=template,
        name="Báo cáo chuyển đổi số hằng quý",
        frequency=Frequency.QUARTER,
        recipients=units,
        deadline_days=5,
    )
    today = timezone.localdate()
    quarter = periods.index_of(Frequency.QUARTER, today)
    previous = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    old = {s.agency.code: s for s in services.open_period(schedule, year=previous[0], index=previous[1])}
    new = {s.agency.code: s for s in services.open_period(schedule, year=today.year, index=quarter)}
    users = {u.username: u for u in User.objects.filter(username__in=["giamdoc.stp", "chutich.ankhanh"])}
    unit_user = {"000.00.04.H99": users.get("giamdoc.stp"), "000.00.31.H99": users.get("chutich.ankhanh")}
    extra = {"trained": "120", "difficulties": "Một số xã còn thiếu thiết bị ký số."}
    plan = {  # unit → final state of the previous quarter's report (the fifth unit leaves it as an overdue draft)
        "000.00.04.H99": "accepted", "000.00.05.H99": "submitted", "000.00.07.H99": "returned",
        "000.00.31.H99": "accepted",
    }  # fmt: skip
    for code, state in plan.items():
        submission, actor = old.get(code), unit_user.get(code) or admin
        if submission is None or actor is None:
            continue
        data = {f["key"]: submission.values.get(f["key"], "0") for f in TEMPLATE_FIELDS if f["type"] != "text"}
        services.save_values(submission, actor=actor, data={**data, **extra})
        submission = services.submit(submission, actor=actor)
        if state == "accepted":
            services.accept(submission, actor=admin)
        elif state == "returned":
            services.return_submission(submission, actor=admin, reason="Thiếu số lượt cán bộ được bồi dưỡng của quý.")
    current = new.get("000.00.04.H99")
    if current is not None and unit_user.get("000.00.04.H99"):
        data = {f["key"]: current.values.get(f["key"], "0") for f in TEMPLATE_FIELDS if f["type"] != "text"}
        services.save_values(current, actor=unit_user["000.00.04.H99"], data={**data, **extra})
        services.submit(current, actor=unit_user["000.00.04.H99"])
    return [template, schedule]
