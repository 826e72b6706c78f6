"""The payment gateway plugin interface and the registry that picks one from the settings.

A gateway turns a transaction into the address the browser is sent to, reads the browser's return
(information only: it never marks anything paid) and verifies the server-to-server notification
(IPN), which is the only proof of payment. ``EGOV_PAYMENT_GATEWAY`` chooses the one new payments use.

Gateways are plugins in ``GATEWAYS`` (a ``core.registry.Registry``): each vendor module under
``payments/contrib/`` registers itself (``register_gateway("name", factory, check=...)``) and the payments
app imports them from ``ready()``; this module imports no vendor. The system check fails when the chosen
gateway is missing or not configured (VNPay without its merchant code and secret).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from django.conf import settings

from egov.core.registry import Registry


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


@dataclass(frozen=True)
class GatewayPlugin:
    """A registered gateway: ``factory()`` builds it from the settings each time it is asked for;
    ``check()`` lists what is missing in the settings for it to work."""

    factory: Callable[[], PaymentGateway]
    check: Callable[[], list[str]] | None = None

    def configuration_errors(self) -> list[str]:
        return list(self.check()) if self.check else []


def active_gateway_name() -> str:
    return getattr(settings, "PAYMENT_GATEWAY", "") or "simulator"


GATEWAYS: Registry[GatewayPlugin] = Registry("payment gateways", enabled=lambda: [active_gateway_name()])


class UnknownGatewayError(LookupError):
    pass


def register_gateway(name: str, factory: Callable[[], PaymentGateway], *, check=None) -> GatewayPlugin:
    return GATEWAYS.register(name, GatewayPlugin(factory, check))


def gateway_names() -> list[str]:
    return sorted(GATEWAYS)


def get_gateway(name: str | None = None) -> PaymentGateway:
    name = name or active_gateway_name()
    plugin = GATEWAYS.get(name, None)
    if plugin is None:
        raise UnknownGatewayError(name)
    return plugin.factory()
