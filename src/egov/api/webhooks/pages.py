"""The administrators' webhook pages: subscriptions, their delivery log, secret rotation, test ping, replay."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import system_admin_required

from ..models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from . import kinds, services
from .forms import EditSubscriptionForm, NewSubscriptionForm, ReplaySinceForm
from .sending import UnsafeTarget

PAGE_SIZE = 50
State = WebhookDelivery.State


@system_admin_required
def subscriptions(request):
    form = NewSubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = services.create_subscription(
                form.cleaned_data["partner"],
                url=form.cleaned_data["url"],
                kinds=form.cleaned_data["kinds"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except UnsafeTarget as exc:
            form.add_error("url", str(exc))
        else:
            return _show_secret(request, subscription, secret)
    rows = WebhookSubscription.objects.select_related("partner").annotate(
        pending=Count("deliveries", filter=Q(deliveries__state=State.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__state=State.FAILED)),
    )
    return render(request, "api/webhooks/subscriptions.html", {"subscriptions": rows, "form": form})


@system_admin_required
def subscription(request, pk: int):
    row = get_object_or_404(WebhookSubscription.objects.select_related("partner"), pk=pk)
    form = EditSubscriptionForm.for_subscription(row, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_subscription(row, actor=request.user, **form.cleaned_data)
        except UnsafeTarget as exc:
            form.add_error("url", str(exc))
        else:
            messages.success(request, _("Đã lưu đăng ký webhook."))
            return redirect("webhooks:subscription", pk=row.pk)
    attempts = (
        WebhookAttempt.objects.filter(delivery__subscription=row).select_related("delivery").order_by("-at", "-pk")
    )
    state = request.GET.get("tinh-trang", "")
    if state in State.values:
        attempts = attempts.filter(delivery__state=state)
    waiting = row.deliveries.filter(state=State.PENDING, attempts=0).order_by("event_at", "pk")
    context = {
        "subscription": row,
        "form": form,
        "replay_form": ReplaySinceForm(),
        "page": Paginator(attempts, PAGE_SIZE).get_page(request.GET.get("page")),
        "waiting": waiting[:20],
        "waiting_count": waiting.count(),
        "states": State.choices,
        "state": state,
        "kind_labels": dict(kinds.choices()),
    }
    return render(request, "api/webhooks/subscription.html", context)


def _show_secret(request, subscription, secret):
    return render(request, "api/webhooks/secret.html", {"subscription": subscription, "secret": secret})


@require_POST
@system_admin_required
def rotate(request, pk: int):
    row = get_object_or_404(WebhookSubscription, pk=pk)
    return _show_secret(request, row, services.rotate_secret(row, actor=request.user))


@require_POST
@system_admin_required
def ping(request, pk: int):
    row = get_object_or_404(WebhookSubscription, pk=pk)
    delivery = services.send_test(row, actor=request.user)
    messages.success(request, _("Đã xếp hàng gói thử %(id)s.") % {"id": delivery.webhook_id})
    return redirect("webhooks:subscription", pk=row.pk)


@require_POST
@system_admin_required
def replay(request, pk: int):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    try:
        services.replay(delivery, actor=request.user)
    except services.WebhookError:
        messages.error(request, _("Lượt gửi này đang chờ gửi, không cần gửi lại."))
    else:
        messages.success(request, _("Đã đưa lượt gửi %(id)s vào hàng đợi.") % {"id": delivery.webhook_id})
    return redirect("webhooks:subscription", pk=delivery.subscription_id)


@require_POST
@system_admin_required
def replay_failed(request, pk: int):
    row = get_object_or_404(WebhookSubscription, pk=pk)
    form = ReplaySinceForm(request.POST)
    if form.is_valid():
        count = services.replay_failed_since(row, form.cleaned_data["since"], actor=request.user)
        messages.success(request, _("Đã đưa %(count)s lượt thất bại vào hàng đợi.") % {"count": count})
    else:
        messages.error(request, _("Thời điểm không hợp lệ."))
    return redirect("webhooks:subscription", pk=row.pk)
