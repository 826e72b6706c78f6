"""Settings of the signatures app, each with a default so the app works before settings.py names them.

Suggested settings.py lines (env names in brackets):
SIGNATURES_TSA_URL [EGOV_SIGNATURES_TSA_URL], SIGNATURES_TRUST_ROOTS_DIR [EGOV_SIGNATURES_TRUST_ROOTS_DIR],
SIGNATURES_PKCS12_PASSPHRASE [EGOV_SIGNATURES_PKCS12_PASSPHRASE], SIGNATURES_PKCS11_LIB / _TOKEN_LABEL / _PIN
[EGOV_SIGNATURES_PKCS11_LIB, EGOV_SIGNATURES_PKCS11_TOKEN_LABEL, EGOV_SIGNATURES_PKCS11_PIN].
"""

import os
from pathlib import Path

from django.conf import settings


def _get(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(f"EGOV_{name}", default)
    return value


def tsa_url() -> str:
    return _get("SIGNATURES_TSA_URL")


def trust_roots_dir() -> Path | None:
    value = _get("SIGNATURES_TRUST_ROOTS_DIR")
    return Path(value) if value else None


def demo_ca_dir() -> Path:
    return Path(settings.VAR_DIR) / "signatures" / "demo-ca"


def pkcs12_passphrase() -> bytes:
    """The passphrase that encrypts newly stored PKCS#12 blobs: derived from the key-encryption key (keys.py)."""
    from .keys import encryption_passphrase

    return encryption_passphrase()


def pkcs12_passphrase_for(blob: bytes) -> bytes:
    """The passphrase that opens ``blob``: the current KEK's, an older KEK's, or the legacy one (keys.py).

    ValidationError (a message for the signer, not a server error) when no configured key opens it.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .keys import KeyUnavailable, open_blob

    try:
        return open_blob(blob).passphrase
    except KeyUnavailable as exc:
        raise ValidationError(
            _(
                "Không mở được khóa bí mật của chứng thư số: khóa mã hóa khóa (EGOV_KEK / var/keys/kek) không đúng. "
                "Báo quản trị hệ thống (egov keys status)."
            ),
            code="key_unavailable",
        ) from exc


def pkcs11_config() -> dict:
    return {
        "lib": _get("SIGNATURES_PKCS11_LIB"),
        "token_label": _get("SIGNATURES_PKCS11_TOKEN_LABEL"),
        "pin": _get("SIGNATURES_PKCS11_PIN"),
    }


def appearance_templates() -> dict:
    """Per-template positions, merged over the built-in defaults (see appearance.DEFAULT_TEMPLATES)."""
    return getattr(settings, "SIGNATURES_APPEARANCE_TEMPLATES", {})


def font_path() -> str:
    return _get("SIGNATURES_FONT")
