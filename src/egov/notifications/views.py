"""Staff pages: my notifications; for system administrators, the outbox and the simulated SMS."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from egov.accounts.decorators import role_required, staff_required
from egov.accounts.models import Role

from . import services
from .forms import OutboxFilterForm
from .models import Message, Notification, SimulatedSms

PAGE_SIZE = 30
system_admin_required = role_required(Role.SYSTEM_ADMIN)


@staff_required
@require_GET
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = notifications.unread().count()
    return render(request, "notifications/list.html", {"page_obj": page, "unread": unread})


@staff_required
@require_GET
def open_notification(request, pk: int):
    """Mark the notification read and follow its link."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, notification.pk)
    safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.url if notification.url and safe else "notifications:list")


@staff_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")


@system_admin_required
@require_GET
def outbox(request):
    form = OutboxFilterForm(request.GET or None)
    outgoing = Message.objects.exclude(channel=Message.Channel.IN_APP)
    if form.is_bound:
        outgoing = form.filter(outgoing) if form.is_valid() else outgoing.none()
    page = Paginator(outgoing.only(*OUTBOX_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/outbox.html", {"form": form, "page_obj": page})


OUTBOX_FIELDS = (
    "channel", "recipient", "subject", "reason", "status", "attempts", "last_error", "sent_at", "created_at",
    "next_attempt_at",
)  # fmt: skip


@system_admin_required
@require_POST
def retry(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    try:
        services.retry_message(message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã đưa thư, tin nhắn gửi tới %(recipient)s vào hàng đợi gửi lại.") % {"recipient": message.recipient},
        )
    return redirect("notifications:outbox")


@system_admin_required
@require_GET
def simulated_sms(request):
    page = Paginator(SimulatedSms.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/simulated_sms.html", {"page_obj": page})
