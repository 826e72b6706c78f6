"""A local stand-in for VNPay, for the demo and the tests: the same protocol, its own merchant code and
secret, and a page of ours (``payments:simulator``) instead of VNPay's payment screen.

The page checks the signed payment request like VNPay would, shows the amount, and on "Thanh toán" or
"Hủy" signs the outcome, delivers it as a server-to-server notification the way VNPay does (an HTTP GET
on our IPN endpoint, ``send_ipn``) and sends the browser back. Only when our own server cannot be reached
(the Django test client has no server) is the notification handed to ``services.handle_notification``
in-process, through the same verification code.
"""

import hashlib
import hmac
import json
import secrets
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..gateways import QUERY_UNKNOWN, UnknownGatewayError, active_gateway_name, register_gateway
from .vnpay import CUSTOMER_CANCELLED, SUCCESS, VnpayGateway, sign, signature_ok, to_vnd, vnp_time

TMN_CODE = "EGOVSIM0"
IPN_TIMEOUT_SECONDS = 10


def simulator_secret() -> str:
    """EGOV_PAYMENT_SIMULATOR_SECRET, else one derived from the site's secret key."""
    configured = getattr(settings, "PAYMENT_SIMULATOR_SECRET", "")
    if configured:
        return configured
    return hmac.new(settings.SECRET_KEY.encode(), b"egov.payments.simulator", hashlib.sha256).hexdigest()


@dataclass
class SimulatorGateway(VnpayGateway):
    name: str = "simulator"

    @classmethod
    def from_settings(cls) -> "SimulatorGateway":
        return cls(tmn_code=TMN_CODE, hash_secret=simulator_secret(), pay_url=reverse("payments:simulator"))

    def query(self, transaction) -> str:
        return QUERY_UNKNOWN  # the simulator keeps no books of its own

    # --- the simulated gateway side ------------------------------------------------------------------

    def check_request(self, params: Mapping[str, str]) -> bool:
        """What VNPay checks on a payment request: our merchant code and a valid signature."""
        return params.get("vnp_TmnCode") == self.tmn_code and signature_ok(params, self.hash_secret)

    def outcome_params(self, request_params: Mapping[str, str], *, pay: bool, now=None) -> dict[str, str]:
        """The signed parameters the gateway sends back (browser return and IPN carry the same ones)."""
        now = now or timezone.now()
        params = {
            "vnp_Amount": request_params.get("vnp_Amount", ""),
            "vnp_BankCode": "EGOVSIM",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": request_params.get("vnp_OrderInfo", ""),
            "vnp_PayDate": vnp_time(now),
            "vnp_ResponseCode": SUCCESS if pay else CUSTOMER_CANCELLED,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionNo": str(secrets.randbelow(10**8)).zfill(8) if pay else "0",
            "vnp_TransactionStatus": SUCCESS if pay else "02",
            "vnp_TxnRef": request_params.get("vnp_TxnRef", ""),
        }
        params["vnp_SecureHash"] = sign(params, self.hash_secret)
        return params

    @staticmethod
    def amount_of(params: Mapping[str, str]):
        return to_vnd(params.get("vnp_Amount"))


def send_ipn(ipn_url: str, params: Mapping[str, str]) -> dict:
    """Call the merchant's IPN address like VNPay: a GET with the signed parameters; returns its JSON answer.

    Raises ``OSError`` (``URLError``) when the address cannot be reached."""
    separator = "&" if "?" in ipn_url else "?"
    with urllib.request.urlopen(f"{ipn_url}{separator}{urlencode(params)}", timeout=IPN_TIMEOUT_SECONDS) as response:
        return json.loads(response.read() or b"{}")


def _simulator():
    """The simulator only while it is the active gateway (or in DEBUG): never beside a real one in production."""
    if active_gateway_name() != "simulator" and not settings.DEBUG:
        raise UnknownGatewayError("simulator")
    return SimulatorGateway.from_settings()


register_gateway("simulator", _simulator)
