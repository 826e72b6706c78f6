"""Statistics page (table + bar chart) and its XLSX download."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from egov.accounts.decorators import staff_required

from .. import stats
from ..forms import StatsForm
from .documents import _forms_pdf

# (metric, fill colour: at least 3:1 against white, and every bar also carries its name and value)
CHART_METRICS = (
    ("received", "#0b4a8b"),
    ("finished", "#135c2b"),
    ("in_progress", "#8a5a00"),
)
ROW_HEIGHT = 80
BAR_WIDTH = 300
LABEL_WIDTH = 130


def _report(request):
    today = timezone.localdate()
    data = request.GET.dict() if request.GET else {}
    form = StatsForm({**StatsForm.defaults(today), **{k: v for k, v in data.items() if v or k == "sector"}})
    if not form.is_valid():
        return form, None
    report = stats.dossier_stats(
        request.user,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        group_by=form.cleaned_data["group_by"],
        sector=form.cleaned_data.get("sector"),
    )
    return form, report


def chart(report) -> dict:
    """Bars for the SVG chart: per row, received / finished / in progress as a share of the largest value."""
    rows = [row for row in report.rows if row.depth == 0] or report.rows
    largest = max((getattr(row, metric) for row in rows for metric, _css in CHART_METRICS), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        values = []
        for position, (metric, colour) in enumerate(CHART_METRICS):
            value = getattr(row, metric)
            width = round(BAR_WIDTH * value / largest, 1)
            y = top + 22 + position * 18
            values.append(
                {
                    "metric": metric,
                    "colour": colour,
                    "value": value,
                    "width": f"{width:.1f}",  # str: never localised (a decimal comma would break the SVG)
                    "y": y,
                    "text_y": y + 12,
                    "text_x": f"{LABEL_WIDTH + width + 4:.1f}",
                }
            )
        bars.append({"label": row.label, "y": top + 14, "values": values})
    return {"bars": bars, "height": max(len(bars), 1) * ROW_HEIGHT}


@staff_required
def stats_page(request):
    form, report = _report(request)
    context = {
        "form": form,
        "report": report,
        "chart": chart(report) if report else None,
        "register_available": _forms_pdf() is not None,
        "label_width": LABEL_WIDTH,
    }
    return render(request, "dossiers/stats.html", context, status=200 if report else 400)


@staff_required
def stats_xlsx(request):
    form, report = _report(request)
    if report is None:
        return render(request, "dossiers/stats.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(
        stats.report_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"thong-ke-ho-so-{report.start:%Y%m%d}-{report.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
