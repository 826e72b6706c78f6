"""The simulator's RSA signing key: generated once, kept under ``VAR_DIR/vneid-simulator/``."""

import base64
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

KEY_FILE = "vneid-simulator/signing-key.pem"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@lru_cache(maxsize=4)
def _load(path: str) -> rsa.RSAPrivateKey:
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        tmp.replace(file)  # concurrent first starts: the last one wins, both files are valid keys
    return serialization.load_pem_private_key(file.read_bytes(), password=None)


def signing_key() -> rsa.RSAPrivateKey:
    return _load(str(Path(settings.VAR_DIR) / KEY_FILE))


def key_id() -> str:
    public = (
        signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return _b64(hashlib.sha256(public).digest())[:16]


def jwks() -> dict:
    numbers = signing_key().public_key().public_numbers()
    jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": key_id(), "n": _int_b64(numbers.n)}
    jwk["e"] = _int_b64(numbers.e)
    return {"keys": [jwk]}
