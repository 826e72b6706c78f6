"""The security log: who signed in, who failed, who was locked out or refused, who exported or downloaded what.

Any app calls ``record(event, request, **details)``::

    from egov.audit import security
    security.record(security.SECRET_DOWNLOAD, request, target=document, file_id=stored_file.pk)

``event`` is one of the codes below (or a new dotted lower-case code); ``request`` gives the user, the
client address (``accounts.throttle.client_ip``: ``X-Forwarded-For`` only behind a declared proxy), the
browser, the path and the request id; ``user=`` overrides the request's user (e.g. a failed sign-in names the
account tried, ``username=`` the name typed); ``target=`` a model instance the event is about; ``agency=``
scopes the event (default: the target's agency, else the user's own agency). Other keyword arguments are kept
as JSON ``details``. The row is written at once (no chain lock, unlike ``audit.services.record``); inside a
transaction it shares that transaction's fate, so record events that must survive a rollback outside
``transaction.atomic()``.

Events are listed for administrators at ``/nhat-ky/an-ninh/`` and summarised by ``egov security report``.
"""

from __future__ import annotations

import logging
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.middleware import current_request_id

from .models import SecurityEvent

logger = logging.getLogger("egov.security")

LOGIN_SUCCEEDED = "login.succeeded"
LOGIN_FAILED = "login.failed"
LOGIN_LOCKED = "login.locked"
LOGOUT = "logout"
SESSIONS_REVOKED = "sessions.revoked"
SESSION_EXPIRED = "session.expired"
PASSWORD_CHANGED = "password.changed"
OTP_ENROLLED = "otp.enrolled"
OTP_FAILED = "otp.failed"
OTP_RESET = "otp.reset"
PERMISSION_DENIED = "permission.denied"
PERSONAL_DATA_EXPORT = "export.personal_data"
SECRET_DOWNLOAD = "file.secret_download"

LABELS = {
    LOGIN_SUCCEEDED: _("Đăng nhập thành công"),
    LOGIN_FAILED: _("Đăng nhập thất bại"),
    LOGIN_LOCKED: _("Tạm khóa đăng nhập"),
    LOGOUT: _("Đăng xuất"),
    SESSIONS_REVOKED: _("Đăng xuất khỏi mọi thiết bị"),
    SESSION_EXPIRED: _("Phiên làm việc hết hạn"),
    PASSWORD_CHANGED: _("Đổi mật khẩu"),
    OTP_ENROLLED: _("Kích hoạt xác thực hai bước"),
    OTP_FAILED: _("Mã xác thực hai bước sai"),
    OTP_RESET: _("Hủy xác thực hai bước"),
    PERMISSION_DENIED: _("Bị từ chối truy cập (403)"),
    PERSONAL_DATA_EXPORT: _("Xuất dữ liệu cá nhân"),
    SECRET_DOWNLOAD: _("Tải tệp tài liệu mật"),
}

EVENT_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def label(event: str) -> str:
    return str(LABELS.get(event, event))


def record(event: str, request=None, *, user=None, username: str = "", target=None, agency=None, **details):
    """Write one security event and return it (see the module docstring)."""
    if not isinstance(event, str) or len(event) > 64 or not EVENT_RE.match(event):
        raise ValueError(f"Invalid security event code: {event!r} (expected e.g. 'login.failed').")
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    entry = SecurityEvent(
        at=timezone.now(),
        event=event,
        user_id=user.pk if user is not None else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        agency_id=_agency_id(agency, target, user),
        ip_address=_client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:255],
        path=(request.path if request is not None else "")[:255],
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk)[:64] if target is not None else "",
        details=details,
        request_id=(getattr(request, "id", "") or current_request_id())[:64],
    )
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            entry.save(force_insert=True)
    else:
        entry.save(force_insert=True)
    logger.info("security event %s user=%s ip=%s path=%s", event, entry.username, entry.ip_address, entry.path)
    return entry


def _client_ip(request):
    if request is None:
        return None
    from egov.accounts.throttle import client_ip

    return client_ip(request)


def _agency_id(agency, target, user):
    if agency is not None:
        return getattr(agency, "pk", agency)
    if target is not None:
        if target._meta.label_lower == "agencies.agency":
            return target.pk
        if getattr(target, "agency_id", None):
            return target.agency_id
    official = getattr(user, "official", None) if user is not None and getattr(user, "official_id", None) else None
    return getattr(official, "agency_id", None)
