"""VNPay payment gateway, API version 2.1.0, from VNPay's public integration guide.

Payment URL: every ``vnp_*`` parameter, sorted by name, URL-encoded as ``application/x-www-form-urlencoded``
(spaces as ``+``), joined with ``&``; ``vnp_SecureHash`` is the hex HMAC-SHA512 of that same encoded
string with the merchant's hash secret, appended last. The return URL and the IPN carry the parameters
back signed the same way (``vnp_SecureHash`` and ``vnp_SecureHashType`` are left out of the hash).
Amounts travel multiplied by 100. See docs/payments.md for what is unsure.
"""

import hashlib
import hmac
import json
import unicodedata
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from ..gateways import (
    QUERY_FAILED,
    QUERY_PAID,
    QUERY_PENDING,
    QUERY_UNKNOWN,
    Notification,
    ReturnResult,
    register_gateway,
)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
VERSION = "2.1.0"
SANDBOX_PAY_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
SANDBOX_API_URL = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
SUCCESS = "00"
CUSTOMER_CANCELLED = "24"
EXPIRE_MINUTES = 15
HASH_EXCLUDED = {"vnp_SecureHash", "vnp_SecureHashType"}

# IPN answers (RspCode) per NotificationOutcome.
IPN_ANSWERS = {
    "accepted": ("00", "Confirm Success"),
    "declined": ("00", "Confirm Success"),
    "duplicate": ("02", "Order already confirmed"),
    "unknown_order": ("01", "Order not found"),
    "amount_mismatch": ("04", "Invalid amount"),
    "forged": ("97", "Invalid signature"),
    "error": ("99", "Unknown error"),
}


def hash_data(params: Mapping[str, str]) -> str:
    """The string that is signed: sorted ``vnp_*`` parameters (non-empty), form-URL-encoded."""
    items = sorted(
        (k, str(v)) for k, v in params.items() if k.startswith("vnp_") and k not in HASH_EXCLUDED and v != ""
    )
    return urlencode(items)


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), hash_data(params).encode(), hashlib.sha512).hexdigest()


def signature_ok(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given and secret) and hmac.compare_digest(given, sign(params, secret))


def ascii_text(text: str, limit: int = 255) -> str:
    """VNPay asks for order info in Vietnamese without diacritics and without special characters."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text if c.isalnum() or c in " -.:")[:limit].strip()


def vnp_time(moment) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")


def to_vnd(raw) -> Decimal | None:
    """``vnp_Amount`` (VND × 100) back to VND; None when it is not a whole number."""
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value != value.to_integral_value():
        return None
    return value / 100


@dataclass
class VnpayGateway:
    tmn_code: str
    hash_secret: str
    pay_url: str = SANDBOX_PAY_URL
    api_url: str = SANDBOX_API_URL
    name: str = "vnpay"
    locale: str = "vn"

    @classmethod
    def from_settings(cls) -> "VnpayGateway":
        return cls(
            tmn_code=getattr(settings, "VNPAY_TMN_CODE", ""),
            hash_secret=getattr(settings, "VNPAY_HASH_SECRET", ""),
            pay_url=getattr(settings, "VNPAY_PAY_URL", "") or SANDBOX_PAY_URL,
            api_url=getattr(settings, "VNPAY_API_URL", "") or SANDBOX_API_URL,
        )

    @property
    def configured(self) -> bool:
        return bool(self.tmn_code and self.hash_secret and self.pay_url)

    # --- payment URL ---------------------------------------------------------------------------------

    def payment_params(self, transaction, return_url: str) -> dict[str, str]:
        created = transaction.created_at or timezone.now()
        return {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(int(transaction.amount * 100)),
            "vnp_CurrCode": transaction.currency or "VND",
            "vnp_TxnRef": transaction.reference,
            "vnp_OrderInfo": ascii_text(transaction.description or f"Thanh toan {transaction.reference}"),
            "vnp_OrderType": "other",
            "vnp_Locale": self.locale,
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": transaction.client_ip or "127.0.0.1",
            "vnp_CreateDate": vnp_time(created),
            "vnp_ExpireDate": vnp_time(created + timedelta(minutes=EXPIRE_MINUTES)),
        }

    def start_payment(self, transaction, return_url: str) -> str:
        params = self.payment_params(transaction, return_url)
        return f"{self.pay_url}?{hash_data(params)}&vnp_SecureHash={sign(params, self.hash_secret)}"

    # --- return and IPN ------------------------------------------------------------------------------

    def parse_return(self, request_params: Mapping[str, str]) -> ReturnResult:
        params = dict(request_params.items())
        valid = signature_ok(params, self.hash_secret)
        code = params.get("vnp_ResponseCode", "")
        return ReturnResult(
            reference=params.get("vnp_TxnRef", ""),
            signature_valid=valid,
            success=valid and code == SUCCESS and params.get("vnp_TransactionStatus", SUCCESS) == SUCCESS,
            response_code=code,
        )

    def verify_notification(self, params: Mapping[str, str]) -> Notification:
        params = dict(params.items())
        verified = signature_ok(params, self.hash_secret) and params.get("vnp_TmnCode") == self.tmn_code
        code = params.get("vnp_ResponseCode", "")
        status = params.get("vnp_TransactionStatus", "")
        return Notification(
            reference=params.get("vnp_TxnRef", ""),
            verified=verified,
            success=verified and code == SUCCESS and status == SUCCESS,
            amount=to_vnd(params.get("vnp_Amount")),
            gateway_transaction_no=params.get("vnp_TransactionNo", "")[:60],
            response_code=code,
            cancelled=code == CUSTOMER_CANCELLED,
            params=params,
        )

    def answer(self, outcome: str) -> dict:
        code, message = IPN_ANSWERS.get(outcome, IPN_ANSWERS["error"])
        return {"RspCode": code, "Message": message}

    # --- query (querydr) -----------------------------------------------------------------------------

    def query_request(self, transaction, *, now=None, ip: str = "127.0.0.1") -> dict[str, str]:
        """The ``querydr`` body; its hash is HMAC-SHA512 over the fields joined with ``|`` in this order."""
        now = now or timezone.now()
        body = {
            "vnp_RequestId": uuid.uuid4().hex[:32],
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": transaction.reference,
            "vnp_OrderInfo": ascii_text(f"Truy van giao dich {transaction.reference}"),
            "vnp_TransactionDate": vnp_time(transaction.created_at or now),
            "vnp_CreateDate": vnp_time(now),
            "vnp_IpAddr": ip,
        }
        order = [
            "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
            "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
        ]  # fmt: skip
        data = "|".join(body[k] for k in order)
        body["vnp_SecureHash"] = hmac.new(self.hash_secret.encode(), data.encode(), hashlib.sha512).hexdigest()
        return body

    def query(self, transaction) -> str:
        """Ask VNPay (information for reconciliation only; it never marks a transaction paid)."""
        request = urllib.request.Request(
            self.api_url,
            data=json.dumps(self.query_request(transaction)).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (configured https URL)
                answer = json.loads(response.read().decode() or "{}")
        except (OSError, ValueError):
            return QUERY_UNKNOWN
        if answer.get("vnp_ResponseCode") != SUCCESS:
            return QUERY_UNKNOWN
        status = answer.get("vnp_TransactionStatus")
        return {SUCCESS: QUERY_PAID, "01": QUERY_PENDING}.get(status, QUERY_FAILED)


def _missing_settings() -> list[str]:
    gateway = VnpayGateway.from_settings()
    return [] if gateway.configured else ["EGOV_VNPAY_TMN_CODE and EGOV_VNPAY_HASH_SECRET are required"]


register_gateway("vnpay", VnpayGateway.from_settings, check=_missing_settings)
