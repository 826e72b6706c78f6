"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

The signed content is ``"{webhook-id}.{webhook-timestamp}.{body}"``; the signature is the base64 of its
HMAC-SHA256 under the secret's bytes (``whsec_<base64>``), sent as ``v1,<signature>``. During a secret
rotation both secrets sign and the header carries both, space-separated.
"""

import base64
import hashlib
import hmac
import secrets as random

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


def new_secret() -> str:
    return PREFIX + base64.b64encode(random.token_bytes(24)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    content = f"{webhook_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(_key(secret), content, hashlib.sha256).digest()).decode()


def headers(secrets: list[str], webhook_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(secret, webhook_id, timestamp, body) for secret in secrets),
    }


def verify(secret: str, headers: dict, body: str, *, now: int, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """True when one of the header's signatures is ``secret``'s and the timestamp is within ``tolerance``."""
    webhook_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not webhook_id or not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    expected = signature(secret, webhook_id, int(timestamp), body)
    return any(hmac.compare_digest(expected, sent) for sent in headers.get("webhook-signature", "").split())
