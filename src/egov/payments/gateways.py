"""The payment gateway plugin interface and the registry that picks one from the settings.

A gateway turns a transaction into the address the browser is sent to, reads the browser's return
(information only: it never marks anything paid) and verifies the server-to-server notification
(IPN), which is the only proof of payment. Add a gateway with ``register_gateway("name", factory)``;
``EGOV_PAYMENT_GATEWAY`` chooses the one new payments use.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from django.conf import settings


@dataclass(frozen=True)
class ReturnResult:
    """What the browser's return claims (signature checked, but never trusted to mark a payment)."""

    reference: str
    signature_valid: bool
    success: bool
    response_code: str = ""


@dataclass(frozen=True)
class Notification:
    """A server-to-server notification after signature (and merchant) verification."""

    reference: str
    verified: bool
    success: bool
    amount: Decimal | None
    gateway_transaction_no: str = ""
    response_code: str = ""
    cancelled: bool = False
    params: dict = field(default_factory=dict)


# Status names ``query`` returns.
QUERY_PAID, QUERY_PENDING, QUERY_FAILED, QUERY_UNKNOWN = "paid", "pending", "failed", "unknown"


@runtime_checkable
class PaymentGateway(Protocol):
    name: str

    def start_payment(self, transaction, return_url: str) -> str:
        """The address to send the browser to."""

    def parse_return(self, request_params: Mapping[str, str]) -> ReturnResult: ...

    def verify_notification(self, params: Mapping[str, str]) -> Notification: ...

    def answer(self, outcome: str) -> dict:
        """The body to answer a notification with, for one ``NotificationOutcome``."""

    def query(self, transaction) -> str:
        """The gateway's view of a transaction: one of the ``QUERY_*`` names."""


_REGISTRY: dict[str, Callable[[], PaymentGateway]] = {}


class UnknownGatewayError(LookupError):
    pass


def register_gateway(name: str, factory: Callable[[], PaymentGateway]) -> None:
    """``factory()`` builds the gateway from the settings each time it is asked for."""
    _REGISTRY[name] = factory


def gateway_names() -> list[str]:
    return sorted(_REGISTRY)


def active_gateway_name() -> str:
    return getattr(settings, "PAYMENT_GATEWAY", "") or "simulator"


def get_gateway(name: str | None = None) -> PaymentGateway:
    name = name or active_gateway_name()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise UnknownGatewayError(name) from None
    return factory()


def _register_builtins():
    from .contrib.vnpay import VnpayGateway

    register_gateway("vnpay", VnpayGateway.from_settings)
    register_gateway("simulator", _simulator)


def _simulator():
    """The simulator only while it is the active gateway (or in DEBUG): never beside a real one in production."""
    from .contrib.simulator import SimulatorGateway

    if active_gateway_name() != "simulator" and not settings.DEBUG:
        raise UnknownGatewayError("simulator")
    return SimulatorGateway.from_settings()


_register_builtins()
