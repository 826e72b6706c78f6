"""SMS gateways: one interface, chosen by ``settings.SMS_BACKEND``.

``SimulatorSmsGateway`` (the default) keeps each SMS in the ``SimulatedSms`` table, so the demo can show
what would have been sent. ``HttpSmsGateway`` posts JSON to a provider's HTTP API.
"""

import json
import os
import re
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# Vietnamese mobile numbers: 0 + 9 digits (03x, 05x, 07x, 08x, 09x), or the same with +84 instead of 0.
MOBILE_RE = re.compile(r"^(?:0|\+84|84)([35789]\d{8})$")
SEPARATORS_RE = re.compile(r"[\s.\-()]")
MAX_SMS_LENGTH = 640


class SmsError(Exception):
    """The gateway could not hand the SMS over; the message says why (never contains secrets)."""


def normalize_phone(phone: str) -> str:
    """``0912345678`` from any usual way of writing a Vietnamese mobile number; ``ValidationError`` otherwise."""
    match = MOBILE_RE.match(SEPARATORS_RE.sub("", phone or ""))
    if not match:
        raise ValidationError(
            _(
                "Số điện thoại “%(phone)s” không hợp lệ: cần số di động 10 chữ số bắt đầu bằng 0 "
                "(ví dụ 0912345678) hoặc bằng +84."
            ),
            code="invalid_phone",
            params={"phone": phone},
        )
    return f"0{match.group(1)}"


def international(phone: str) -> str:
    """``+84912345678`` for ``0912345678``."""
    return f"+84{normalize_phone(phone)[1:]}"


def validate_sms_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Nội dung tin nhắn không được để trống."), code="empty_sms")
    if len(text) > MAX_SMS_LENGTH:
        raise ValidationError(
            _("Nội dung tin nhắn dài tối đa %(max)d ký tự."), code="sms_too_long", params={"max": MAX_SMS_LENGTH}
        )
    return text


class SmsGateway:
    """Sends one SMS; returns the provider's message id, raises ``SmsError`` on failure."""

    def send(self, phone: str, text: str) -> str:
        raise NotImplementedError


class SimulatorSmsGateway(SmsGateway):
    """A local test double: the SMS is written to the database instead of a phone."""

    def send(self, phone: str, text: str) -> str:
        from .models import SimulatedSms

        sms = SimulatedSms.objects.create(phone=normalize_phone(phone), text=text)
        return f"sim-{sms.pk}"


class HttpSmsGateway(SmsGateway):
    """A generic provider: ``POST <url>`` with ``{"to": "+849...", "text": "...", "sender": "..."}`` and
    ``Authorization: Bearer <token>``; a 2xx answer may name the message in ``id`` or ``message_id``.

    Settings (from EGOV_SMS_HTTP_URL, EGOV_SMS_HTTP_TOKEN, EGOV_SMS_HTTP_SENDER, EGOV_SMS_HTTP_TIMEOUT):
    SMS_HTTP_URL, SMS_HTTP_TOKEN, SMS_HTTP_SENDER (brand name, optional), SMS_HTTP_TIMEOUT (seconds).
    """

    def __init__(self, url: str | None = None, token: str | None = None, sender: str | None = None, timeout=None):
        self.url = url if url is not None else _setting("SMS_HTTP_URL", "EGOV_SMS_HTTP_URL")
        self.token = token if token is not None else _setting("SMS_HTTP_TOKEN", "EGOV_SMS_HTTP_TOKEN")
        self.sender = sender if sender is not None else _setting("SMS_HTTP_SENDER", "EGOV_SMS_HTTP_SENDER")
        self.timeout = float(timeout or _setting("SMS_HTTP_TIMEOUT", "EGOV_SMS_HTTP_TIMEOUT") or 10)

    def send(self, phone: str, text: str) -> str:
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("SMS_HTTP_URL is not set to an http(s) address")
        payload = {"to": international(phone), "text": text}
        if self.sender:
            payload["sender"] = self.sender
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json", **self._auth()},
        )
        return _provider_id(self._post(request))

    def _auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _post(self, request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (scheme checked)
                return response.read(64 * 1024)
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace")
            raise SmsError(f"provider answered HTTP {exc.code}: {detail}")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"provider unreachable: {getattr(exc, 'reason', exc)}")


def _provider_id(body: bytes) -> str:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    return str(data.get("id") or data.get("message_id") or "")[:100]


def _setting(name: str, env_name: str) -> str:
    return str(getattr(settings, name, os.environ.get(env_name, "")) or "")


def get_sms_gateway() -> SmsGateway:
    """The gateway named by ``settings.SMS_BACKEND`` (a dotted path to an ``SmsGateway`` class)."""
    path = getattr(settings, "SMS_BACKEND", "egov.notifications.sms.SimulatorSmsGateway")
    return import_string(path)()
