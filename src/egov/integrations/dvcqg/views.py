"""Staff pages of the DVCQG connector (administrators) and the push endpoint the national portal calls."""

import hmac
import json
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required, system_admin_required
from egov.dossiers.models import Dossier
from egov.procedures.models import Procedure

from . import catalogue, sync
from .client import PortalError
from .intake import IntakeError, take_in
from .models import NationalDossier, NationalProcedure, ProcedureMapping, SyncMessage
from .reconcile import reconcile

PAGE_SIZE = 50


@system_admin_required
def overview(request):
    counts = dict(SyncMessage.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    dead = SyncMessage.objects.filter(state=SyncMessage.State.FAILED).select_related("dossier").order_by("event_at")
    waiting = (
        SyncMessage.objects.filter(state=SyncMessage.State.PENDING)
        .filter(~Q(last_answer=""))
        .select_related("dossier")
        .order_by("event_at")[:50]
    )
    received = NationalDossier.objects.select_related("dossier").order_by("-received_at")[:20]
    context = {
        "counts": counts,
        "dead": Paginator(dead, PAGE_SIZE).get_page(request.GET.get("page")),
        "waiting": waiting,
        "received": received,
        "enabled": settings.DVCQG_ENABLED,
    }
    return render(request, "dvcqg/overview.html", context)


@require_POST
@system_admin_required
def retry(request, pk: int):
    message = get_object_or_404(SyncMessage, pk=pk)
    try:
        sync.retry(message, actor=request.user)
    except ValueError:
        messages.error(request, _("Thông điệp này đã được Cổng DVC quốc gia chấp nhận."))
    else:
        messages.success(request, _("Đã đưa thông điệp vào hàng đợi để gửi lại."))
    return redirect("dvcqg:sync")


@staff_required
def dossier_sync(request, pk: int):
    """ "Đồng bộ DVCQG" of one dossier: every message with its payload and every attempt with the answer."""
    dossier = get_object_or_404(Dossier.objects.for_user(request.user), pk=pk)
    rows = SyncMessage.objects.filter(dossier=dossier).prefetch_related("tries").order_by("seq")
    for row in rows:
        row.payload_text = json.dumps(row.payload, ensure_ascii=False, indent=2)
    national = NationalDossier.objects.filter(dossier=dossier).first()
    return render(request, "dvcqg/dossier.html", {"dossier": dossier, "rows": rows, "national": national})


@system_admin_required
def mapping(request):
    """Local procedures and their national codes: settled, suggested (with a score), unmapped."""
    if request.method == "POST":
        return _mapping_action(request)
    mappings = {m.procedure_id: m for m in ProcedureMapping.objects.select_related("national")}
    national = list(NationalProcedure.objects.all())
    rows = []
    for procedure in (
        Procedure.objects.filter(is_active=True).prefetch_related("fees", "required_documents").order_by("code")
    ):
        m = mappings.get(procedure.pk)
        row = {"procedure": procedure, "mapping": m}
        if m is None or not m.is_settled:
            row["suggestions"] = catalogue.suggestions(procedure, candidates=national)
        if m is not None:
            row["differences"] = catalogue.differences(procedure, m.national)
        rows.append(row)
    unmapped = [r for r in rows if r["mapping"] is None]
    return render(
        request,
        "dvcqg/mapping.html",
        {"rows": rows, "unmapped": unmapped, "national_count": len(national)},
    )


def _mapping_action(request):
    if request.POST.get("action") == "pull":
        try:
            pulled = catalogue.pull()
        except PortalError as exc:
            messages.error(request, _("Không lấy được danh mục từ Cổng DVC quốc gia: %(error)s") % {"error": exc})
            return redirect("dvcqg:mapping")
        counts = catalogue.automap()
        messages.success(
            request,
            _("Đã lấy %(n)s thủ tục; tự động %(auto)s, gợi ý %(suggested)s, chưa ánh xạ %(unmapped)s.")
            % {"n": pulled, **counts},
        )
        return redirect("dvcqg:mapping")
    procedure = get_object_or_404(Procedure, pk=request.POST.get("procedure"))
    national = NationalProcedure.objects.filter(code=request.POST.get("national", "").strip()).first()
    if national is None:
        messages.error(request, _("Không có mã thủ tục quốc gia này trong danh mục đã lấy về."))
    else:
        catalogue.confirm(procedure, national, actor=request.user)
        messages.success(
            request, _("Đã xác nhận %(ours)s ↔ %(theirs)s.") % {"ours": procedure.code, "theirs": national.code}
        )
    return redirect("dvcqg:mapping")


@system_admin_required
def reconciliation(request):
    try:
        day = date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        day = timezone.localdate()
    report = reconcile(day)
    return render(request, "dvcqg/reconcile.html", {"report": report, "day": day})


@csrf_exempt
@require_POST
def push(request):
    """The national portal pushes a new dossier (the ``LayHoSo`` body, or only its MaHoSo).

    Authenticated with ``Authorization: Bearer <EGOV_DVCQG_PUSH_TOKEN>``; off while the token is empty.
    Answers in the portal's own style: ``error_code`` "00" once the dossier is (or already was) taken in.
    """
    token = settings.DVCQG_PUSH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not settings.DVCQG_ENABLED or not hmac.compare_digest(given.encode(), token.encode()):
        return JsonResponse({"error_code": "01", "message": "Không được phép"}, status=401)
    try:
        data = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error_code": "98", "message": "Dữ liệu không hợp lệ"}, status=400)
    items = data.get("data") if isinstance(data, dict) and "data" in data else [data]
    taken = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            if len(item) == 1 and "MaHoSo" in item:  # only the code: fetch the dossier
                from .client import get_client

                item = get_client().get_dossier(str(item["MaHoSo"]))
            row, created = take_in(item, via=NationalDossier.Via.PUSH)
        except (IntakeError, PortalError) as exc:
            return JsonResponse({"error_code": "03", "message": str(exc)}, status=422)
        taken.append({"MaHoSo": row.ma_ho_so, "SoBienNhan": row.dossier.code or "", "new": created})
    return JsonResponse({"error_code": "00", "message": "Thành công", "result": taken})
