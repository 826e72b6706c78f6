"""Payment pages: the gateway's IPN endpoint, the browser return, the simulator, the receipt and the
staff reconciliation page."""

import logging
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from egov.accounts.decorators import staff_required, user_has_role
from egov.core.throttle import per_address
from egov.dossiers.models import Dossier

from . import services
from .contrib.simulator import send_ipn
from .gateways import UnknownGatewayError, get_gateway
from .models import PaymentStatus, PaymentTransaction
from .receipt_pdf import render_receipt
from .reconciliation import reconcile

PAGE_SIZE = 50
logger = logging.getLogger(__name__)


@csrf_exempt
@per_address("payments-ipn", "PAYMENT_RATE_LIMIT", "PAYMENT_RATE_WINDOW_SECONDS")  # before anything is logged
@require_http_methods(["GET", "POST"])
def ipn(request, gateway: str):
    """Server-to-server notification (VNPay calls it with GET); the JSON answer is for the gateway."""
    params = request.GET if request.method == "GET" else request.POST
    return JsonResponse(services.handle_notification(gateway, params))


def payment_return(request, gateway: str):
    """Where the gateway sends the browser back: shows our state, changes nothing."""
    try:
        result = get_gateway(gateway).parse_return(request.GET)
    except UnknownGatewayError:
        raise Http404 from None
    txn = PaymentTransaction.objects.filter(reference=result.reference, gateway=gateway).first()
    if txn is None or not result.signature_valid:
        return render(request, "payments/return.html", {"txn": None, "result": result}, status=400)
    back = txn.return_url if url_has_allowed_host_and_scheme(txn.return_url, {request.get_host()}) else ""
    return render(request, "payments/return.html", {"txn": txn, "result": result, "back_url": back})


@per_address("payments-simulator", "PAYMENT_RATE_LIMIT", "PAYMENT_RATE_WINDOW_SECONDS")
@require_http_methods(["GET", "POST"])
def simulator(request):
    """The simulated gateway's payment screen (only for transactions opened with the simulator)."""
    try:
        gw = get_gateway("simulator")
    except UnknownGatewayError:
        raise Http404 from None
    params = {
        k: v for k, v in (request.POST if request.method == "POST" else request.GET).items() if k.startswith("vnp_")
    }
    txn = PaymentTransaction.objects.filter(reference=params.get("vnp_TxnRef", ""), gateway=gw.name).first()
    if txn is None or not gw.check_request(params):
        raise Http404
    if request.method == "GET":
        return render(
            request, "payments/simulator.html", {"params": params, "amount": gw.amount_of(params), "txn": txn}
        )
    outcome = gw.outcome_params(params, pay=request.POST.get("action") == "pay")
    _notify(request, gw.name, outcome)
    return_url = params.get("vnp_ReturnUrl", "")
    if not url_has_allowed_host_and_scheme(return_url, {request.get_host()}):
        raise Http404
    separator = "&" if "?" in return_url else "?"
    return redirect(f"{return_url}{separator}{urlencode(outcome)}")


def _notify(request, gateway_name: str, outcome: dict) -> None:
    """The simulated gateway's IPN: over HTTP to our endpoint; in-process when no server answers (test client)."""
    ipn_url = request.build_absolute_uri(reverse("payments:ipn", args=[gateway_name]))
    try:
        send_ipn(ipn_url, outcome)
    except (OSError, ValueError):
        logger.info("Simulator IPN to %s not reachable; delivered in-process", ipn_url)
        services.handle_notification(gateway_name, outcome)


def receipt(request, reference: str):
    """The citizen's payment receipt (biên lai điện tử), printable, and as a PDF with ``?dang=pdf``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:citizen-login"))
    txn = get_object_or_404(
        PaymentTransaction.objects.select_related("dossier", "dossier__procedure", "dossier__handling_agency"),
        reference=reference,
        status=PaymentStatus.PAID,
    )
    if not _may_see(request.user, txn):
        raise PermissionDenied
    if request.GET.get("dang") == "pdf":
        response = HttpResponse(render_receipt(txn), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="bien-lai-{txn.reference}.pdf"'
        return response
    return render(request, "payments/receipt.html", {"txn": txn, "dossier": txn.dossier})


def _may_see(user, txn) -> bool:
    if txn.dossier.applicant_user_id == user.pk:
        return True
    return user_has_role(user) and Dossier.objects.for_user(user).filter(pk=txn.dossier_id).exists()


@staff_required
def reconciliation(request):
    """Mismatches of one day, for the dossiers the officer may see."""
    day, error = _day(request.GET.get("ngay", ""))
    scoped = PaymentTransaction.objects.filter(dossier__in=Dossier.objects.for_user(request.user))
    mismatches = reconcile(day, transactions=scoped) if day else []
    page = Paginator(mismatches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/reconciliation.html",
        {"day": day or timezone.localdate(), "error": error, "page_obj": page},
    )


def _day(text: str):
    if not text:
        return timezone.localdate(), ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return None, _("Ngày không hợp lệ: “%(text)s” (ví dụ 2026-11-23).") % {"text": text[:20]}
