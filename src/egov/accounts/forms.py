"""Sign-in forms: staff and citizens sign in on separate forms, both throttled (``throttle.py``)."""

import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.audit import security

from . import throttle
from .models import User

INVALID_LOGIN = _("Tên đăng nhập hoặc mật khẩu không đúng.")


class ThrottledLoginMixin:
    """Refuses attempts while the username or address is locked, and accepts only ``account_kinds``.

    A wrong password and an account of the other kind get the same neutral error, so the form never
    tells whether a username exists or which kind it is.
    """

    account_kinds: tuple[str, ...] = ()
    security_form_name = "staff"

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self._authenticate(username, password)
        return self.cleaned_data

    def _authenticate(self, username: str, password: str) -> None:
        ip = throttle.client_ip(self.request)
        retry_at = throttle.locked_until(username, ip)
        if retry_at is not None:
            security.record(security.LOGIN_LOCKED, self.request, username=username, until=retry_at.isoformat())
            raise ValidationError(locked_message(retry_at), code="throttled")
        user = authenticate(self.request, username=username, password=password)
        if user is None or user.kind not in self.account_kinds:
            throttle.record_failure(username, ip)
            security.record(security.LOGIN_FAILED, self.request, username=username, form=self.security_form_name)
            raise self.get_invalid_login_error()
        try:
            self.confirm_login_allowed(user)
        except ValidationError as refusal:
            throttle.record_failure(username, ip)
            security.record(
                security.LOGIN_FAILED,
                self.request,
                username=username,
                form=self.security_form_name,
                reason=refusal.code,
            )
            raise
        user.egov_password_checked = True  # read by sessions.start_session: a second factor may be due
        self.user_cache = user
        throttle.clear_failures(username)

    def get_invalid_login_error(self):
        return ValidationError(INVALID_LOGIN, code="invalid_login")


def locked_message(retry_at) -> str:
    minutes = max(1, math.ceil((retry_at - timezone.now()).total_seconds() / 60))
    local = timezone.localtime(retry_at)
    return ngettext(
        "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút (lúc %(time)s).",
        "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút (lúc %(time)s).",
        minutes,
    ) % {"minutes": minutes, "time": local.strftime("%H:%M")}


class _LoginForm(ThrottledLoginMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class StaffLoginForm(_LoginForm):
    account_kinds = (User.Kind.STAFF,)


class CitizenLoginForm(_LoginForm):
    account_kinds = (User.Kind.CITIZEN, User.Kind.BUSINESS)
    security_form_name = "citizen"

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        help_text=_("Số định danh cá nhân, mã số doanh nghiệp hoặc tên đăng nhập đã đăng ký."),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}),
    )


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The Django admin's sign-in: staff accounts with ``is_staff`` only, throttled like the others."""

    account_kinds = (User.Kind.STAFF,)
    security_form_name = "admin"
