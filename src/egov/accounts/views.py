"""Sign-in, sign-out, password change and reset pages (Django's views with our forms and templates)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import oidc
from .decorators import user_has_role
from .forms import CitizenLoginForm, StaffLoginForm


class StaffLoginView(auth_views.LoginView):
    form_class = StaffLoginForm
    template_name = "accounts/staff_login.html"


class CitizenLoginView(auth_views.LoginView):
    form_class = CitizenLoginForm
    template_name = "accounts/citizen_login.html"

    def get_default_redirect_url(self):
        return reverse("core:home")


class SignOutView(auth_views.LogoutView):
    """POST only (Django 5); GET answers 405."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Bạn đã đăng xuất."))
        return response


class LayoutMixin:
    """Staff see the page in their workspace, citizens in the public portal."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        staff = user_has_role(self.request.user)
        context["base_template"] = "egov/workspace_base.html" if staff else "egov/public_base.html"
        return context


class PasswordChangeView(LayoutMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(LayoutMixin, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        self.extra_email_context = {"site_name": getattr(settings, "EGOV_SITE_NAME", "Chính quyền điện tử")}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _start_oidc(request, intent: str, default_next: str):
    """Remember which side the OIDC sign-in started from, then hand over to the provider."""
    if not settings.OIDC_ENABLED:
        raise Http404
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = default_next
    request.session[oidc.INTENT_SESSION_KEY] = intent
    return redirect(reverse("oidc_authentication_init") + "?" + urlencode({"next": next_url}))


@require_POST
def start_staff_oidc(request):
    return _start_oidc(request, oidc.STAFF_INTENT, reverse(settings.LOGIN_REDIRECT_URL))


@require_POST
def start_citizen_oidc(request):
    return _start_oidc(request, oidc.CITIZEN_INTENT, reverse("core:home"))
