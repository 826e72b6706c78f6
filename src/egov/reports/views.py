"""Dashboards (province, agency), indicator definitions, the Decision 766 index, drill-down and exports.

Who sees what: leaders, department heads and administrators (``role_required``); the province view
needs a scope covering the whole province; an agency view needs the agency in the user's scope.
Lists behind a number go through ``for_user``.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from egov.accounts.decorators import role_required
from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.agencies.scoping import scope_of, visible_agency_ids
from egov.core.replica import replica_reads

from . import charts, dashboard, drill, exports, index766
from .forms import PeriodForm
from .indicators import GROUP_NAMES, agency_ids, definitions

REPORT_ROLES = (Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD)
PAGE_SIZE = 25
RELATED = {"dossier": ("procedure", "handling_agency"), "feedback": ("agency",)}  # of the drill-down's rows

reports_required = role_required(*REPORT_ROLES)


def sees_province(user) -> bool:
    """The whole province: everything, or a root of the agency tree in the user's scope."""
    scope = scope_of(user)
    return scope.everything or any(root.count("/") == 2 for root in scope.roots)


def _agency_or_403(request, pk):
    agency = get_object_or_404(Agency, pk=pk)
    if not (scope_of(request.user).everything or agency.pk in visible_agency_ids(request.user)):
        raise PermissionDenied
    return agency


def _scope_agency(request):
    """``?co_quan=<pk>`` (checked) or None for the province (checked)."""
    pk = request.GET.get("co_quan")
    if pk:
        if not pk.isdigit():
            raise Http404
        return _agency_or_403(request, int(pk))
    if not sees_province(request.user):
        raise PermissionDenied
    return None


def _period_or_400(request, template="reports/dashboard.html", extra=None):
    form = PeriodForm.from_request(request)
    if not form.is_valid():
        return form, render(request, template, {"form": form, "board": None, **(extra or {})}, status=400)
    return form, None


def _board_context(form, board) -> dict:
    trends = []
    for trend in board.trends:
        percent = trend["definition"].unit == "%"
        trends.append({**trend, "chart": charts.month_bars(trend["points"], percent=percent), "percent": percent})
    query = _query(form)
    scope = f"&co_quan={board.agency.pk}" if board.agency else ""
    rows = []
    for row in board.rows:
        links = []
        for metrics in drill.drill_metrics(row.definition):
            params = "".join(f"&chi_so={m}" for m in metrics)
            links.append(f"{reverse('reports:drill')}?{query}{scope}&chi_tieu={row.definition.code}{params}")
        rows.append({"row": row, "links": links})
    return {"form": form, "board": board, "trends": trends, "rows": rows, "query": query, "scope": scope}


def _query(form) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in form.cleaned_data.items() if v not in (None, False, "")})


@reports_required
def home(request):
    if sees_province(request.user):
        return province(request)
    return redirect("reports:agency", pk=_own_agency_id(request.user))


def _own_agency_id(user) -> int:
    official = getattr(user, "official", None)
    if official is None:
        raise PermissionDenied
    return official.agency_id


@reports_required
@replica_reads
def province(request):
    if not sees_province(request.user):
        raise PermissionDenied
    form, error = _period_or_400(request)
    if error:
        return error
    board = dashboard.build(None, form.period())
    return render(request, "reports/dashboard.html", _board_context(form, board))


@reports_required
@replica_reads
def agency(request, pk):
    unit = _agency_or_403(request, pk)
    form, error = _period_or_400(request)
    if error:
        return error
    board = dashboard.build(unit, form.period())
    return render(request, "reports/dashboard.html", _board_context(form, board))


@reports_required
def definitions_page(request):
    groups = {}
    for definition in definitions().values():
        groups.setdefault(definition.group, []).append(definition)
    sections = [(GROUP_NAMES.get(key, key), items) for key, items in groups.items()]
    return render(request, "reports/definitions.html", {"sections": sections})


@reports_required
@replica_reads
def index_page(request):
    if not sees_province(request.user):
        return redirect("reports:index766-detail", pk=_own_agency_id(request.user))
    form, error = _period_or_400(request, "reports/index766.html", {"rows": None})
    if error:
        return error
    period = form.period()
    rows = index766.ranking(period)
    return render(
        request,
        "reports/index766.html",
        {"form": form, "rows": rows, "province": index766.evaluate(None, period), "query": _query(form)},
    )


@reports_required
@replica_reads
def index_detail(request, pk):
    unit = _agency_or_403(request, pk)
    form, error = _period_or_400(request, "reports/index766_detail.html", {"score": None})
    if error:
        return error
    score = index766.evaluate(unit, form.period())
    return render(request, "reports/index766_detail.html", {"form": form, "score": score, "query": _query(form)})


@reports_required
@replica_reads
def drill_page(request):
    unit = _scope_agency(request)
    form, error = _period_or_400(request, "reports/drill.html", {"page": None})
    if error:
        return error
    metrics = [m for m in request.GET.getlist("chi_so") if m]
    code = request.GET.get("chi_tieu", "")
    definition = definitions().get(code)
    period = form.period()
    try:
        rows = drill.queryset(metrics, request.user, agency_ids(unit), period)
    except drill.DrillError:
        return render(request, "reports/drill.html", {"form": form, "page": None, "bad": True}, status=400)
    kind = drill.kind_of(metrics)
    related = RELATED.get(kind, ("agency", "document_type"))
    page = Paginator(rows.select_related(*related), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "kind": kind,
        "definition": definition,
        "unit": unit,
        "period": period,
        "metrics": metrics,
    }
    return render(request, "reports/drill.html", context)


@reports_required
@replica_reads
def export(request, fmt):
    unit = _scope_agency(request)
    form, error = _period_or_400(request)
    if error:
        return error
    board = dashboard.build(unit, form.period())
    slug = f"bao-cao-{board.period.start:%Y%m%d}-{board.period.end:%Y%m%d}"
    if fmt == "xlsx":
        content = exports.dashboard_xlsx(board)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif fmt == "pdf":
        response = HttpResponse(exports.dashboard_pdf(board), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    return response
