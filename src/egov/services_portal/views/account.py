"""Citizen and business accounts: sign up, verify the contact, profile."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from egov.accounts import oidc
from egov.accounts.models import User
from egov.accounts.throttle import client_ip

from .. import services
from ..forms import ProfileForm, RegisterForm, VerifyForm
from ..models import CitizenProfile
from .common import applicant_required

SESSION_KEY = "portal_pending_user"


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_account(
                identifier=data["identifier"],
                password=data["password1"],
                full_name=data["full_name"],
                kind=data["kind"],
                ip=client_ip(request),
            )
        except services.PortalError as exc:
            form.add_error("identifier", exc)
        else:
            request.session[SESSION_KEY] = user.pk
            messages.success(request, _("Mã xác minh đã được gửi đến %(contact)s.") % {"contact": user.username})
            return redirect("services_portal:verify")
    return render(request, "services_portal/register.html", {"form": form})


def verify(request):
    user = (
        User.objects.filter(pk=request.session.get(SESSION_KEY), is_active=False).exclude(kind=User.Kind.STAFF).first()
    )
    if user is None:
        return redirect("services_portal:register")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_account(user, form.cleaned_data["code"])
        except services.PortalError as exc:
            form.add_error("code", exc)
        else:
            del request.session[SESSION_KEY]
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Tài khoản đã được kích hoạt. Vui lòng bổ sung thông tin cá nhân."))
            return redirect("services_portal:profile")
    return render(request, "services_portal/verify.html", {"form": form, "contact": user.username})


@require_POST
def resend_code(request):
    user = User.objects.filter(pk=request.session.get(SESSION_KEY), is_active=False).first()
    if user is not None:
        try:
            services.send_verification_code(user, ip=client_ip(request))
        except services.PortalError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã gửi lại mã xác minh."))
    return redirect("services_portal:verify")


@applicant_required
def profile(request):
    current = CitizenProfile.objects.filter(user=request.user).first()
    initial = {
        "full_name": request.user.full_name,
        "id_number": getattr(current, "id_number", ""),
        "date_of_birth": getattr(current, "date_of_birth", None),
        "address": getattr(current, "address", ""),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.user.verified_id_number:
        form.fields["id_number"].disabled = True
        form.initial["id_number"] = request.user.verified_id_number
        form.fields["id_number"].help_text = _("Đã xác thực qua VNeID.")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(request.user, **form.cleaned_data)
        except services.PortalError as exc:
            form.add_error("id_number", exc.messages[0])
        else:
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("services_portal:profile")
    return render(request, "services_portal/profile.html", {"form": form})


@require_POST
@applicant_required
def link_vneid(request):
    """Start the OIDC sign-in that links VNeID to this account (the backend checks the ID number)."""
    if not settings.OIDC_ENABLED:
        raise Http404
    profile = CitizenProfile.objects.filter(user=request.user).first()
    request.session[oidc.INTENT_SESSION_KEY] = oidc.LINK_INTENT
    request.session[oidc.LINK_USER_SESSION_KEY] = request.user.pk
    request.session[oidc.LINK_ID_NUMBER_SESSION_KEY] = getattr(profile, "id_number", "")
    next_url = reverse("services_portal:profile")
    return redirect(reverse("oidc_authentication_init") + "?" + urlencode({"next": next_url}))
