"""Abuse protection without captcha, for every public form of this app.

Three checks: a honeypot field people never fill (hidden from sight and from screen readers), a signed
token carrying the time the form was shown (a form sent back too fast, or a day later, is refused), and
rate limits per client address and per contact (e-mail or phone) counted in the database, so every web
node agrees. Addresses are kept only as salted SHA-256 hashes.
"""

import hashlib
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "egov.feedback.form-started"
HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_started"

TOO_FAST = _("Biểu mẫu được gửi quá nhanh. Vui lòng kiểm tra lại nội dung rồi bấm gửi.")
EXPIRED = _("Biểu mẫu đã hết hạn. Vui lòng kiểm tra lại nội dung rồi bấm gửi.")
REFUSED = _("Không thể nhận nội dung này. Vui lòng thử lại sau.")
TOO_MANY = _(
    "Ông/bà đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau %(minutes)d phút hoặc liên hệ "
    "trực tiếp cơ quan."
)


def new_token(now: float | None = None) -> str:
    return signing.dumps(int((now or time.time()) * 1000), salt=TOKEN_SALT)


def token_age(token: str, now: float | None = None) -> float | None:
    """Seconds since the form carrying ``token`` was shown; None for a forged or unreadable token."""
    try:
        started = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return (now or time.time()) - started / 1000


def token_error(token: str, now: float | None = None):
    """The message refusing a form sent with ``token``, or None when its timing is plausible."""
    age = token_age(token, now)
    if age is None or age > settings.FEEDBACK_FORM_MAX_AGE_SECONDS:
        return EXPIRED
    if age < settings.FEEDBACK_MIN_FILL_SECONDS:
        return TOO_FAST
    return None


def hash_ip(ip: str | None) -> str:
    if not ip:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}|{ip}".encode()).hexdigest()


def contact_key(email: str = "", phone: str = "") -> str:
    """One normalised key per contact: the e-mail in lower case, else the phone's digits."""
    if email and email.strip():
        return email.strip().lower()
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84"):
        digits = "0" + digits[2:]
    return digits


def rate_limited(ip_hash: str, key: str, now=None) -> bool:
    """True when this address or this contact has reached its limit of submissions in the window."""
    from .models import ConsultationComment, Submission

    since = (now or timezone.now()) - timedelta(seconds=settings.FEEDBACK_RATE_WINDOW_SECONDS)
    checks = []
    if ip_hash:
        checks.append(("ip_hash", ip_hash, settings.FEEDBACK_RATE_LIMIT_IP))
    if key:
        checks.append(("contact_key", key, settings.FEEDBACK_RATE_LIMIT_CONTACT))
    for field, value, limit in checks:
        lookup = {field: value, "submitted_at__gte": since}
        count = Submission.objects.filter(**lookup).count() + ConsultationComment.objects.filter(**lookup).count()
        if count >= limit:
            return True
    return False


def window_minutes() -> int:
    return max(1, settings.FEEDBACK_RATE_WINDOW_SECONDS // 60)
