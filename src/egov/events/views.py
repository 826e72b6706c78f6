from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import system_admin_required

from . import services
from .models import Delivery

PAGE_SIZE = 50
STALE_AFTER = timedelta(minutes=10)  # a pending delivery older than this is shown as late


@system_admin_required
def failed_deliveries(request):
    """Deliveries that failed, already erred once, or wait too long; each can be sent again."""
    stale_before = timezone.now() - STALE_AFTER
    deliveries = (
        Delivery.objects.needing_attention(stale_before).select_related("event").order_by("-event__created_at", "pk")
    )
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/failed.html", {"page": page})


@require_POST
@system_admin_required
def retry(request, pk: int):
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.retry_delivery(delivery.pk, actor=request.user)
    except ValueError:
        messages.error(request, _("Sự kiện này đã được xử lý xong, không cần gửi lại."))
    else:
        messages.success(request, _("Đã đưa sự kiện vào hàng đợi để gửi lại."))
    return redirect("events:failed")
