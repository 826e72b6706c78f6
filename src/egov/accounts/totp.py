"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): SHA-1, 6 digits, 30-second steps, as every
authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis...) expects.

A small implementation rather than a dependency: it is 30 lines of the standard library, checked against the
RFC 6238 test vectors (tests/accounts/test_accounts_otp.py).
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6
WINDOW = 1  # accept the previous and the next step too (clock drift)


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return base64.b32decode(padded)


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_at(when: float | None = None) -> int:
    return int((time.time() if when is None else when) // STEP)


def code(secret: str, when: float | None = None) -> str:
    return hotp(_key(secret), step_at(when))


def match(secret: str, candidate: str, *, after_step: int = 0, when: float | None = None) -> int | None:
    """The step ``candidate`` belongs to (within the window, and later than ``after_step``), or None."""
    candidate = "".join(candidate.split())
    if len(candidate) != DIGITS or not candidate.isdigit():
        return None
    key, now = _key(secret), step_at(when)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if step > after_step and hmac.compare_digest(hotp(key, step), candidate):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    label = quote(f"{issuer}:{account}")
    return f"otpauth://totp/{label}?" + urlencode(
        {"secret": secret, "issuer": issuer, "digits": DIGITS, "period": STEP}
    )
