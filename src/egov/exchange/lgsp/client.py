"""How egov talks to the provincial LGSP: a typed interface (``LgspClient``) and its HTTP implementation.

Every call carries ``systemid`` and ``secret`` (``EGOV_EXCHANGE_LGSP_SYSTEM_ID``/``_SECRET``) and ``from`` (the
OrganId acting); an answer is accepted only when it is JSON with ``status`` "OK" (``protocol.py`` says what
of this wire is verified and what is assumed).
"""

import base64
import binascii
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from django.conf import settings

from egov.core.registry import Registry
from egov.exchange.transports import TransportError, check_endpoint

from . import protocol as p

ANSWER_MAX_BYTES = 80 * 1024 * 1024  # a getEdoc answer: the largest edXML, base64


class LgspError(RuntimeError):
    """A call the LGSP did not accept. ``cause``: network, timeout, http, auth, rejected, format."""

    def __init__(self, cause: str, message: str, *, http_status=None, error_code: str = ""):
        super().__init__(message)
        self.cause = cause
        self.http_status = http_status
        self.error_code = error_code


@runtime_checkable
class LgspClient(Protocol):
    """Everything egov asks of the LGSP."""

    def send(self, body: bytes, *, sender: str, receivers: list[str], message_type: str) -> str:
        """``sendEdoc``: the platform's id of the new packet."""

    def received(self, organ_id: str, message_type: str) -> list[p.ListedEdoc]:
        """``getReceivedEdocList``: what waits in ``organ_id``'s queue (not yet acknowledged)."""

    def fetch(self, doc_id: str, *, organ_id: str) -> bytes:
        """``getEdoc``: the edXML of one packet."""

    def update_status(self, doc_id: str, status: str, *, organ_id: str, description: str = "") -> None:
        """``updateStatus``: done (taken), fail (refused, with why) or processing."""


class HttpLgspClient:
    """The real client: HTTPS (HTTP to loopback for the simulator, or with ``EGOV_EXCHANGE_ALLOW_HTTP``)."""

    def __init__(self, *, endpoint=None, system_id=None, secret=None, timeout=None):
        self.endpoint = (endpoint if endpoint is not None else settings.EXCHANGE_LGSP_ENDPOINT).rstrip("/")
        self.system_id = system_id if system_id is not None else settings.EXCHANGE_LGSP_SYSTEM_ID
        self.secret = secret if secret is not None else settings.EXCHANGE_LGSP_SECRET
        self.timeout = timeout or settings.EXCHANGE_TIMEOUT_SECONDS

    @classmethod
    def configuration_errors(cls) -> list[str]:
        names = ("ENDPOINT", "SYSTEM_ID", "SECRET")
        return [f"EGOV_EXCHANGE_LGSP_{n} is not set" for n in names if not getattr(settings, f"EXCHANGE_LGSP_{n}")]

    def send(self, body: bytes, *, sender: str, receivers: list[str], message_type: str) -> str:
        headers = {
            p.HEADER_FROM: sender,
            p.HEADER_TO: ",".join(receivers),
            p.HEADER_SERVICE_TYPE: p.SERVICE_TYPE,
            p.HEADER_MESSAGE_TYPE: message_type,
            "Content-Type": "application/xml; charset=utf-8",
        }
        data = self.call(p.SEND, headers, body)
        return str(data.get("DocId") or data.get("docId") or "")

    def received(self, organ_id: str, message_type: str) -> list[p.ListedEdoc]:
        headers = {p.HEADER_FROM: organ_id, p.HEADER_SERVICE_TYPE: p.SERVICE_TYPE, p.HEADER_MESSAGE_TYPE: message_type}
        rows = self.call(p.LIST, headers).get("data") or []
        if not isinstance(rows, list):
            raise LgspError("format", f"{p.LIST}: data is not a list")
        return [item for item in (p.ListedEdoc.from_json(r) for r in rows if isinstance(r, dict)) if item.doc_id]

    def fetch(self, doc_id: str, *, organ_id: str) -> bytes:
        data = self.call(p.GET, {p.HEADER_FROM: organ_id, p.HEADER_DOC_ID: doc_id}).get("data") or ""
        try:
            return base64.b64decode(data, validate=False)
        except (binascii.Error, ValueError, TypeError) as exc:
            raise LgspError("format", f"{p.GET} {doc_id}: bad base64 ({exc})") from None

    def update_status(self, doc_id: str, status: str, *, organ_id: str, description: str = "") -> None:
        headers = {p.HEADER_FROM: organ_id, p.HEADER_DOC_ID: doc_id, "Content-Type": "application/json"}
        body = json.dumps({"docId": doc_id, "status": status, "description": description}, ensure_ascii=False)
        self.call(p.UPDATE, headers, body.encode())

    # --- the wire --------------------------------------------------------------------------------------

    def call(self, operation: str, headers: dict[str, str], body: bytes | None = None) -> dict:
        if not (self.endpoint and self.system_id and self.secret):
            raise LgspError("config", "; ".join(self.configuration_errors()) or "LGSP is not configured")
        url = f"{self.endpoint}/{operation}"
        try:
            check_endpoint(url)
        except TransportError as exc:
            raise LgspError("config", str(exc)) from None
        request = urllib.request.Request(
            url,
            data=body,
            method="POST" if body is not None else "GET",
            headers={p.HEADER_SYSTEM_ID: self.system_id, p.HEADER_SECRET: self.secret, **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                raw = response.read(ANSWER_MAX_BYTES)
        except urllib.error.HTTPError as exc:
            raw = exc.read(4000)
            cause = "auth" if exc.code in (401, 403) else "http"
            detail = _describe(raw) or raw[:300].decode("utf-8", "replace")
            raise LgspError(
                cause, f"{operation}: HTTP {exc.code} from the LGSP: {detail}", http_status=exc.code
            ) from None
        except TimeoutError:
            raise LgspError("timeout", f"{operation}: no answer from the LGSP within {self.timeout}s") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            cause = "timeout" if isinstance(reason, TimeoutError) else "network"
            raise LgspError(cause, f"{operation}: cannot reach the LGSP: {reason}") from None
        try:
            data = json.loads(raw)
        except ValueError:
            raise LgspError("format", f"{operation}: the LGSP answered something that is not JSON") from None
        if not isinstance(data, dict):
            raise LgspError("format", f"{operation}: the LGSP answered an unexpected JSON value")
        if str(data.get("status", "")).upper() != p.OK:
            code = str(data.get("ErrorCode") or "")
            cause = "auth" if code == p.ERROR_AUTH else "rejected"
            raise LgspError(cause, f"{operation}: the LGSP refused: {_describe(raw)}", error_code=code)
        return data


def _describe(raw: bytes) -> str:
    try:
        data = json.loads(raw)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    return f"{data.get('ErrorCode') or '?'} {data.get('ErrorDesc') or ''}".strip()


# Client factories by name (``EGOV_EXCHANGE_LGSP_CLIENT``): "http" (the real wire, also against the simulator
# over HTTP) and "local-simulator" (the simulator in-process, registered by simulator.py); a province may add one.
CLIENTS: Registry[Callable[[], LgspClient]] = Registry(
    "LGSP clients",
    enabled=lambda: [settings.EXCHANGE_LGSP_CLIENT] if settings.EXCHANGE_LGSP_ENDPOINT else [],
)
CLIENTS.register("http", HttpLgspClient)

_client: LgspClient | None = None
_lock = threading.Lock()


def get_client() -> LgspClient:
    """The client to use: the one set by ``set_client`` (tests, the demo loader), else the configured one."""
    with _lock:
        if _client is not None:
            return _client
    return CLIENTS.get(settings.EXCHANGE_LGSP_CLIENT)()


def set_client(client: LgspClient | None) -> None:
    """Replace the client (tests, the demo loader); None goes back to the configured one."""
    global _client
    with _lock:
        _client = client


def configured() -> bool:
    """Whether the LGSP connection is set up (endpoint, system id and secret)."""
    return bool(settings.EXCHANGE_LGSP_ENDPOINT and settings.EXCHANGE_LGSP_SYSTEM_ID and settings.EXCHANGE_LGSP_SECRET)
