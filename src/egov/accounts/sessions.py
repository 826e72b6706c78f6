"""Session rules: staff idle timeout and absolute lifetime, "sign out everywhere", the second factor.

- Staff sessions end after ``EGOV_SESSION_IDLE_MINUTES`` without a request (default 30) and
  ``EGOV_SESSION_MAX_HOURS`` after sign-in (default 12), whatever the activity.
- Every user has a ``session_epoch``; a session remembers the epoch it started under, and "sign out everywhere"
  raises the user's epoch, which ends every other session at its next request (database sessions or cookies alike).
- A staff member who signed in with a password and has an authenticator app — or must have one: system
  administrators and superusers — is held on the second-factor pages until a code is given (``otp_views.py``).
  Sessions opened another way (single sign-on, whose provider is responsible for its own factors; tests'
  ``force_login``) are not held.

The session keys are read by the middleware below; ``start_session`` sets them at sign-in (a receiver of
``user_logged_in``).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from egov.audit import security

EPOCH = "egov_epoch"
STARTED = "egov_started"
SEEN = "egov_seen"
OTP = "egov_otp"  # "pending" until the second factor is given
OTP_PENDING = "pending"
SEEN_RESOLUTION = 60  # seconds: the last-seen time is written at most once a minute


def otp_required(user) -> bool:
    """System administrators (and superusers) must use a second factor."""
    from .models import Role

    return bool(getattr(user, "is_official", False) and (user.is_superuser or user.has_role(Role.SYSTEM_ADMIN)))


def otp_enabled(user) -> bool:
    device = getattr(user, "totp_device", None) if user.pk else None
    return bool(device is not None and device.confirmed)


def needs_second_factor(user) -> bool:
    return getattr(user, "is_official", False) and (otp_required(user) or otp_enabled(user))


@receiver(user_logged_in, dispatch_uid="egov_session_start")
def start_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[EPOCH] = user.session_epoch
    request.session[STARTED] = now
    request.session[SEEN] = now
    # Set by our sign-in forms (staff, Django admin) once the password matched: not by SSO nor force_login.
    if getattr(user, "egov_password_checked", False) and needs_second_factor(user):
        request.session[OTP] = OTP_PENDING


def sign_out_everywhere(user, request=None) -> None:
    """End every session of ``user`` (this one included, at its next request)."""
    from django.db.models import F

    get_user_model().objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    security.record(security.SESSIONS_REVOKED, request, user=user)


def _end(request, reason: str, message: str) -> None:
    security.record(security.SESSION_EXPIRED, request, reason=reason)
    request.session.flush()
    request.user = AnonymousUser()
    messages.info(request, message)


def _otp_exempt(path: str) -> bool:
    exempt = [reverse("accounts:otp-verify"), reverse("accounts:otp-enrol"), reverse("accounts:logout")]
    return path in exempt or path.startswith((settings.STATIC_URL or "/static/", "/healthz"))


class SessionPolicyMiddleware:
    """After the authentication middleware: enforces the rules in the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request, user):
        session = request.session
        now = time.time()
        epoch = session.get(EPOCH)
        if epoch is None:
            session[EPOCH] = user.session_epoch  # a session from before this rule, or force_login
        elif epoch != user.session_epoch:
            _end(request, "revoked", _("Phiên đăng nhập đã kết thúc vì bạn đã đăng xuất khỏi mọi thiết bị."))
            return None
        if not getattr(user, "is_official", False):
            return None
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN)
        if seen is not None and now - seen > settings.EGOV_SESSION_IDLE_MINUTES * 60:
            _end(request, "idle", _("Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại."))
            return None
        if now - started > settings.EGOV_SESSION_MAX_HOURS * 3600:
            _end(request, "lifetime", _("Phiên làm việc đã quá thời gian tối đa. Vui lòng đăng nhập lại."))
            return None
        if seen is None or now - seen >= SEEN_RESOLUTION:
            session[SEEN] = now
        if session.get(OTP) == OTP_PENDING and not _otp_exempt(request.path):
            target = "accounts:otp-verify" if otp_enabled(user) else "accounts:otp-enrol"
            return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()[:500]}))
        return None
