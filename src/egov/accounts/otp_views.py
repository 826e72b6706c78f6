"""The account page (sign out everywhere, second factor) and the second-factor pages (TOTP, ``totp.py``)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from egov.audit import security

from . import sessions, totp
from .decorators import user_has_role
from .models import TotpDevice

MAX_OTP_FAILURES = 5
FAILURES = "egov_otp_failures"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _base(request) -> str:
    return "egov/workspace_base.html" if user_has_role(request.user) else "egov/public_base.html"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "base_template": _base(request),
            "otp_enabled": sessions.otp_enabled(user),
            "otp_required": sessions.otp_required(user),
            "is_staff_user": getattr(user, "is_official", False),
            "idle_minutes": settings.EGOV_SESSION_IDLE_MINUTES,
            "max_hours": settings.EGOV_SESSION_MAX_HOURS,
        },
    )


@login_required
@require_POST
def logout_everywhere(request):
    sessions.sign_out_everywhere(request.user, request)
    logout(request)
    messages.success(request, _("Đã đăng xuất khỏi mọi thiết bị. Vui lòng đăng nhập lại."))
    return redirect(settings.LOGIN_URL)


def _accept(request, device: TotpDevice, code: str) -> bool:
    """Check ``code`` against ``device``; a code is used once (the step only moves forward)."""
    step = totp.match(device.secret, code, after_step=device.last_step)
    if step is None:
        return False
    return bool(TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step))


def _fail(request) -> bool:
    """Record a wrong code; after MAX_OTP_FAILURES the session ends. True when it ended."""
    failures = request.session.get(FAILURES, 0) + 1
    request.session[FAILURES] = failures
    security.record(security.OTP_FAILED, request, failures=failures)
    if failures >= MAX_OTP_FAILURES:
        logout(request)
        messages.error(request, _("Nhập sai mã xác thực quá nhiều lần. Vui lòng đăng nhập lại."))
        return True
    return False


def _passed(request) -> None:
    request.session.pop(sessions.OTP, None)
    request.session.pop(FAILURES, None)
    request.session.cycle_key()


@login_required
def otp_verify(request):
    device = getattr(request.user, "totp_device", None)
    if device is None or not device.confirmed:
        return redirect(reverse("accounts:otp-enrol") + "?" + request.GET.urlencode())
    if request.session.get(sessions.OTP) != sessions.OTP_PENDING:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _accept(request, device, form.cleaned_data["code"]):
            _passed(request)
            return redirect(_next(request))
        if _fail(request):
            return redirect(settings.LOGIN_URL)
        form.add_error("code", _("Mã xác thực không đúng hoặc đã dùng."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": _next(request), "base_template": _base(request)}
    )


@login_required
def otp_enrol(request):
    user = request.user
    if not getattr(user, "is_official", False):
        return redirect("accounts:account")
    device = getattr(user, "totp_device", None)
    if device is not None and device.confirmed:
        if request.session.get(sessions.OTP) == sessions.OTP_PENDING:
            return redirect(reverse("accounts:otp-verify") + "?" + request.GET.urlencode())
        messages.info(request, _("Xác thực hai bước đã được bật."))
        return redirect("accounts:account")
    if device is None:
        device = TotpDevice.objects.create(user=user, secret=totp.new_secret())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _accept(request, device, form.cleaned_data["code"]):
            with transaction.atomic():
                TotpDevice.objects.filter(pk=device.pk).update(confirmed_at=timezone.now())
            security.record(security.OTP_ENROLLED, request)
            _passed(request)
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(_next(request))
        if _fail(request):
            return redirect(settings.LOGIN_URL)
        form.add_error("code", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại và thử lại."))
    issuer = getattr(settings, "EGOV_SITE_NAME", "egov")
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "next": _next(request),
            "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
            "uri": totp.provisioning_uri(device.secret, user.get_username(), issuer),
            "required": sessions.otp_required(user),
            "base_template": _base(request),
        },
    )


@login_required
@require_POST
def otp_disable(request):
    """Turn the second factor off (not for those who must have it), with a current code."""
    user = request.user
    device = getattr(user, "totp_device", None)
    if device is None or sessions.otp_required(user):
        return redirect("accounts:account")
    if not device.confirmed or _accept(request, device, request.POST.get("code", "")):
        device.delete()
        security.record(security.OTP_RESET, request)
        messages.success(request, _("Đã tắt xác thực hai bước."))
    else:
        security.record(security.OTP_FAILED, request)
        messages.error(request, _("Mã xác thực không đúng hoặc đã dùng."))
    return redirect("accounts:account")
