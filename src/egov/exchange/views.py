"""The peer endpoint (signed edXML in) and the staff page of exchange messages."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from egov.accounts.decorators import role_required
from egov.core.security import anonymous_body_limit

from . import services
from .models import ExchangeMessage, RecipientStatus
from .transitions import STAFF, MessageState, may

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


@csrf_exempt
@anonymous_body_limit("EXCHANGE_MAX_MESSAGE_BYTES")  # a peer is authenticated by its signature, not a session
@require_POST
def inbox(request):
    """``POST /api/v1/exchange/inbox/``: a signed edXML from a peer installation (docs/exchange.md)."""
    limit = settings.EXCHANGE_MAX_MESSAGE_BYTES
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > limit:
        return JsonResponse({"result": "refused", "error": "message too large"}, status=413)
    body = request.read(limit + 1)
    if len(body) > limit:
        return JsonResponse({"result": "refused", "error": "message too large"}, status=413)
    try:
        peer = services.authenticate(request.headers, body)
        received = services.receive(body, peer=peer)
    except services.ExchangeRefused as exc:
        logger.warning("edXML refused: %s %s", exc, [str(p) for p in exc.problems])
        return JsonResponse(
            {"result": "refused", "error": str(exc), "problems": [str(p) for p in exc.problems]}, status=exc.status
        )
    return JsonResponse({"result": received.result}, status=202 if received.result == "accepted" else 200)


@role_required(*STAFF)
def message_list(request):
    """Every exchange message of the user's agencies, newest first; failed ones can be sent again."""
    queryset = ExchangeMessage.objects.for_user(request.user).select_related("peer", "local_agency")
    state = request.GET.get("tinh-trang", "")
    if state in MessageState.values:
        queryset = queryset.filter(state=state)
    direction = request.GET.get("chieu", "")
    if direction in ExchangeMessage.Direction.values:
        queryset = queryset.filter(direction=direction)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    roles = request.user.role_codes
    for message in page:
        message.can_retry = message.direction == ExchangeMessage.Direction.OUT and may("retry", message.state, roles)
    return render(
        request,
        "exchange/messages.html",
        {
            "page": page,
            "states": MessageState.choices,
            "directions": ExchangeMessage.Direction.choices,
            "state": state,
            "direction": direction,
            "failed_count": ExchangeMessage.objects.for_user(request.user).filter(state=MessageState.FAILED).count(),
        },
    )


@require_POST
@role_required(*STAFF)
def retry(request, pk: int):
    message = get_object_or_404(ExchangeMessage.objects.for_user(request.user), pk=pk)
    try:
        services.retry(message, actor=request.user)
    except (ValueError, PermissionError):
        messages.error(request, _("Thông điệp này không ở tình trạng có thể gửi lại."))
    else:
        messages.success(request, _("Đã đưa thông điệp vào hàng đợi để gửi lại."))
    return redirect("exchange:messages")


def recipients_panel(document, request):
    """Context of the panel on the outgoing document page: each external recipient's latest status."""
    if document is None or not getattr(document, "pk", None):
        return None
    rows = list(
        RecipientStatus.objects.filter(outgoing=document).select_related("recipient").order_by("recipient__organ_id")
    )
    if not rows:
        return None
    return {"recipient_statuses": rows}
