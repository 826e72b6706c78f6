"""How edXML messages leave: a transport interface and the registry that picks one per external agency.

Built in: ``peer`` (direct HTTPS POST to another egov installation, HMAC-signed), ``hub`` (the national
document exchange hub; endpoint, paths and credentials from the settings, untested against the real hub)
and ``simulator`` (a local hub for demo and tests that answers like a recipient would, in ``simulator.py``,
which registers itself). Transports are plugins in ``TRANSPORTS`` (a ``core.registry.Registry``): add one
with ``register_transport("name", factory)`` from your app's ``ready()``. The system check fails when
``EGOV_EXCHANGE_TRANSPORT`` names a transport nobody registered, or the hub without its URL.
"""

import base64
import ipaddress
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Protocol, runtime_checkable
from urllib.parse import quote, urlsplit

from django.conf import settings

from egov.core.registry import Registry

from . import signing


class TransportError(RuntimeError):
    """The message did not reach the other side (it will be tried again)."""


@runtime_checkable
class Transport(Protocol):
    name: str

    def send(self, message, body: bytes) -> None:
        """Deliver ``body`` (the edXML of ``message``, an ``ExchangeMessage``) or raise ``TransportError``."""


TRANSPORTS: Registry[Callable[[], Transport]] = Registry(
    "exchange transports", enabled=lambda: [settings.EXCHANGE_TRANSPORT]
)


def register_transport(name: str, factory: Callable[[], Transport]) -> Callable[[], Transport]:
    return TRANSPORTS.register(name, factory)


def transport_names() -> list[str]:
    return sorted(TRANSPORTS)


def transport_for(peer) -> Transport:
    name = peer.transport or settings.EXCHANGE_TRANSPORT
    factory = TRANSPORTS.get(name, None)
    if factory is None:
        raise TransportError(f"unknown exchange transport {name!r}")
    return factory()


def _post(url: str, body: bytes, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=settings.EXCHANGE_TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace")
        raise TransportError(f"HTTP {exc.code} from {url}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise TransportError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from None


def check_endpoint(url: str) -> None:
    """HTTPS only, except to loopback addresses (tests) or when ``EGOV_EXCHANGE_ALLOW_HTTP`` is set."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http":
        host = parts.hostname or ""
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if loopback or settings.EXCHANGE_ALLOW_HTTP:
            return
    raise TransportError(f"refusing to send to {url!r}: the peer endpoint must use HTTPS")


class PeerTransport:
    """POST to the peer installation's ``/api/v1/exchange/inbox/``, signed with the shared secret."""

    name = "peer"

    def send(self, message, body: bytes) -> None:
        peer = message.peer
        if not peer.endpoint:
            raise TransportError(f"no endpoint configured for {peer.organ_id}")
        check_endpoint(peer.endpoint)
        if not peer.shared_secret:
            raise TransportError(f"no shared secret configured for {peer.organ_id}")
        signed = signing.sign(peer.shared_secret, message.local_agency.code, message.key, body)
        headers = {"Content-Type": "application/xml; charset=utf-8", **signed.as_dict()}
        _post(peer.endpoint, body, headers)


class HubTransport:
    """The national document exchange hub. Its protocol is not public: the URL, the send path, the
    authentication and the header naming the recipient are settings (docs/exchange.md). Untested against the
    real hub."""

    name = "hub"

    @classmethod
    def configuration_errors(cls) -> list[str]:
        return [] if settings.EXCHANGE_HUB_URL else ["EGOV_EXCHANGE_HUB_URL is not set"]

    def send(self, message, body: bytes) -> None:
        base = settings.EXCHANGE_HUB_URL
        if not base:
            raise TransportError("EGOV_EXCHANGE_HUB_URL is not set")
        url = base.rstrip("/") + "/" + settings.EXCHANGE_HUB_SEND_PATH.lstrip("/")
        check_endpoint(url)
        headers = {
            "Content-Type": "application/xml; charset=utf-8",
            settings.EXCHANGE_HUB_FROM_HEADER: message.local_agency.code,
            settings.EXCHANGE_HUB_TO_HEADER: message.peer.organ_id,
            signing.HEADER_KEY: quote(message.key, safe=""),
        }
        if settings.EXCHANGE_HUB_TOKEN:
            headers["Authorization"] = f"Bearer {settings.EXCHANGE_HUB_TOKEN}"
        elif settings.EXCHANGE_HUB_USERNAME:
            pair = f"{settings.EXCHANGE_HUB_USERNAME}:{settings.EXCHANGE_HUB_PASSWORD}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        answer = _post(url, body, headers)
        _check_hub_answer(answer)


def _check_hub_answer(answer: bytes) -> None:
    """A JSON answer with a false ``status``/``success`` or an ``error`` is a failure; anything else is taken
    as accepted (HTTP errors were raised already)."""
    try:
        data = json.loads(answer or b"{}")
    except ValueError:
        return
    if isinstance(data, dict) and (data.get("error") or data.get("status") is False or data.get("success") is False):
        raise TransportError(f"hub refused the message: {str(data)[:300]}")


register_transport("peer", PeerTransport)
register_transport("hub", HubTransport)
