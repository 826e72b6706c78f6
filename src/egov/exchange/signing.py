"""Signing of direct peer messages: HMAC-SHA256 with the secret shared with that peer.

The signed text is ``organ_id \\n timestamp \\n nonce \\n key \\n sha256(body)``; the receiver refuses a
timestamp outside the replay window and a nonce it has already seen from that peer within the window.
"""

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from urllib.parse import quote

HEADER_ORGAN = "X-Egov-Organ-Id"
HEADER_TIMESTAMP = "X-Egov-Timestamp"
HEADER_NONCE = "X-Egov-Nonce"
HEADER_KEY = "X-Egov-Message-Key"
HEADER_SIGNATURE = "X-Egov-Signature"


@dataclass(frozen=True)
class SignedHeaders:
    organ_id: str
    timestamp: str
    nonce: str
    key: str
    signature: str

    def as_dict(self) -> dict[str, str]:
        return {
            HEADER_ORGAN: self.organ_id,
            HEADER_TIMESTAMP: self.timestamp,
            HEADER_NONCE: self.nonce,
            HEADER_KEY: self.key,
            HEADER_SIGNATURE: self.signature,
        }


def signature(secret: str, organ_id: str, timestamp: str, nonce: str, key: str, body: bytes) -> str:
    text = "\n".join([organ_id, timestamp, nonce, key, hashlib.sha256(body).hexdigest()])
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def sign(secret: str, organ_id: str, key: str, body: bytes, *, now: float | None = None) -> SignedHeaders:
    """The headers of a signed request; ``key`` (the message key, possibly Vietnamese) is sent percent-encoded."""
    key = quote(key, safe="")
    timestamp = str(int(now if now is not None else time.time()))
    nonce = secrets.token_hex(16)
    return SignedHeaders(organ_id, timestamp, nonce, key, signature(secret, organ_id, timestamp, nonce, key, body))


def read_headers(headers) -> SignedHeaders:
    """The signing headers of a request (``request.headers``); missing ones are empty."""
    return SignedHeaders(
        organ_id=headers.get(HEADER_ORGAN, "").strip(),
        timestamp=headers.get(HEADER_TIMESTAMP, "").strip(),
        nonce=headers.get(HEADER_NONCE, "").strip(),
        key=headers.get(HEADER_KEY, "").strip(),
        signature=headers.get(HEADER_SIGNATURE, "").strip().lower(),
    )


def check(secret: str, signed: SignedHeaders, body: bytes, *, window: int, now: float | None = None) -> str:
    """The reason the request is refused, or "" when the signature and timestamp are good."""
    if not secret:
        return "no shared secret configured for this peer"
    if not (signed.timestamp.isdigit() and signed.nonce and 8 <= len(signed.nonce) <= 64 and signed.signature):
        return "missing or malformed signing headers"
    now = now if now is not None else time.time()
    if abs(now - int(signed.timestamp)) > window:
        return "timestamp outside the replay window"
    expected = signature(secret, signed.organ_id, signed.timestamp, signed.nonce, signed.key, body)
    if not hmac.compare_digest(expected, signed.signature):
        return "bad signature"
    return ""
