"""Staff pages of the system administrator for partner systems (``/quan-tri/he-thong-doi-tac/``): list,
create (the first secret shown once), edit, add or revoke a secret, revoke or restore the partner, and the
paginated log of partner API calls. Named ``pages`` (not ``views``): the API package imports no HTML views.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import system_admin_required

from . import credentials
from .forms import CallFilterForm, PartnerForm
from .models import ApiCall, ClientSecret, Partner

PAGE_SIZE = 50


@system_admin_required
def partner_list(request):
    partners = Partner.objects.prefetch_related("agencies").annotate(
        active_secrets=Count("secrets", filter=Q(secrets__revoked_at__isnull=True))
    )
    return render(request, "api/partner_list.html", {"partners": partners})


@system_admin_required
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner, new = credentials.create_partner(actor=request.user, **form.values())
        return _show_secret(request, partner, new)
    return render(request, "api/partner_form.html", {"form": form})


@system_admin_required
def partner_detail(request, pk: int):
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        credentials.update_partner(partner, actor=request.user, **form.values())
        messages.success(request, _("Đã lưu thay đổi của hệ thống đối tác."))
        return redirect("partners:detail", pk=partner.pk)
    context = {
        "partner": partner,
        "form": form,
        "secrets": partner.secrets.all(),
        "calls": ApiCall.objects.filter(partner=partner)[:10],
    }
    return render(request, "api/partner_detail.html", context)


@require_POST
@system_admin_required
def secret_add(request, pk: int):
    partner = get_object_or_404(Partner, pk=pk)
    return _show_secret(request, partner, credentials.add_secret(partner, actor=request.user))


@require_POST
@system_admin_required
def secret_revoke(request, pk: int, secret_pk: int):
    secret = get_object_or_404(ClientSecret, pk=secret_pk, partner_id=pk)
    credentials.revoke_secret(secret, actor=request.user)
    messages.success(
        request,
        _("Đã thu hồi khóa %(prefix)s…; các mã truy cập cấp từ khóa này hết hiệu lực.") % {"prefix": secret.prefix},
    )
    return redirect("partners:detail", pk=pk)


@require_POST
@system_admin_required
def partner_active(request, pk: int):
    partner = get_object_or_404(Partner, pk=pk)
    active = request.POST.get("active") == "1"
    credentials.set_active(partner, active, actor=request.user)
    if active:
        messages.success(request, _("Hệ thống đối tác hoạt động trở lại."))
    else:
        messages.success(request, _("Đã thu hồi quyền truy cập của hệ thống; mọi mã truy cập hết hiệu lực ngay."))
    return redirect("partners:detail", pk=pk)


@system_admin_required
def call_log(request):
    form = CallFilterForm(request.GET or None)
    calls = ApiCall.objects.select_related("partner")
    if form.is_valid():
        calls = form.filter(calls)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/call_log.html", {"form": form, "page": page})


def _show_secret(request, partner, new):
    """The secret's only showing: rendered in the answer to the POST, never stored nor redirected."""
    response = render(request, "api/secret_created.html", {"partner": partner, "new": new})
    response["Cache-Control"] = "no-store"
    return response
