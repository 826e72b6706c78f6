"""The key-encryption key (KEK) that protects the private keys of certificates stored in the database.

A stored PKCS#12 blob (``Certificate.pkcs12``) is encrypted with a passphrase derived from the KEK
(HMAC-SHA256 of the KEK and a fixed label). The KEK is, in order of precedence:

1. ``EGOV_KEK`` (environment; at least 32 characters), for installations whose secrets come from a vault;
   ``EGOV_KEK_PREVIOUS`` (comma-separated) lists older KEKs that may still open blobs during a rotation;
2. otherwise the file ``VAR_DIR/keys/kek``, generated once (mode 0600) like ``VAR_DIR/secret_key``; older KEKs
   are kept in ``VAR_DIR/keys/kek.previous`` (one per line) after ``egov keys rotate``.

It is independent of ``EGOV_SECRET_KEY``: changing the secret key no longer makes stored keys unusable.
Blobs written before the KEK existed were encrypted with ``EGOV_SIGNATURES_PKCS12_PASSPHRASE`` or, without
it, a passphrase derived from ``SECRET_KEY``; both are still tried when opening a blob (so existing data keeps
working) and ``egov keys rotate`` re-encrypts them with the KEK. The KEK is part of ``egov backup``'s key
material (``keys/``): a database backup without it cannot sign. See docs/backup.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LABEL = b"egov.signatures.pkcs12"
MIN_LENGTH = 32


def keys_dir() -> Path:
    return Path(settings.VAR_DIR) / "keys"


def kek_file() -> Path:
    return keys_dir() / "kek"


def previous_file() -> Path:
    return keys_dir() / "kek.previous"


def pending_file() -> Path:
    """The new KEK while ``egov keys rotate`` runs (a crash mid-rotation leaves it; it is tried too)."""
    return keys_dir() / "kek.new"


def from_environment() -> bool:
    return bool(os.environ.get("EGOV_KEK"))


def _write_secret(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def new_kek() -> str:
    return secrets.token_urlsafe(48)


def current_kek() -> str:
    """The KEK that encrypts new blobs (from EGOV_KEK, or the key file, created on first use)."""
    value = os.environ.get("EGOV_KEK", "")
    if value:
        if len(value) < MIN_LENGTH:
            raise ImproperlyConfigured(f"EGOV_KEK must be at least {MIN_LENGTH} characters long.")
        return value
    path = kek_file()
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        value = new_kek()
        _write_secret(path, value)
        return value


def _lines(path: Path) -> list[str]:
    try:
        return [line.strip() for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        return []


def older_keks() -> list[str]:
    """KEKs that may still open blobs: a pending rotation's new key and the previous keys."""
    if from_environment():
        return [v.strip() for v in os.environ.get("EGOV_KEK_PREVIOUS", "").split(",") if v.strip()]
    return _lines(pending_file()) + _lines(previous_file())


def passphrase_for(kek: str) -> bytes:
    return hmac.new(kek.encode(), LABEL, hashlib.sha256).hexdigest().encode()


def legacy_passphrases() -> list[bytes]:
    """How blobs were encrypted before the KEK: the configured passphrase, else derived from SECRET_KEY."""
    found = []
    configured = getattr(settings, "SIGNATURES_PKCS12_PASSPHRASE", "") or os.environ.get(
        "EGOV_SIGNATURES_PKCS12_PASSPHRASE", ""
    )
    if configured:
        found.append(configured.encode())
    found.append(hashlib.sha256(b"egov.signatures.pkcs12:" + settings.SECRET_KEY.encode()).hexdigest().encode())
    return found


def encryption_passphrase() -> bytes:
    return passphrase_for(current_kek())


def candidate_passphrases() -> list[tuple[str, bytes]]:
    """(kind, passphrase) in the order they are tried: current KEK, older KEKs, legacy."""
    found = [("current", encryption_passphrase())]
    found += [("previous", passphrase_for(kek)) for kek in older_keks()]
    found += [("legacy", value) for value in legacy_passphrases()]
    return found


class KeyUnavailable(Exception):
    """No known passphrase opens the blob (wrong KEK, or a backup restored without its keys)."""


@dataclass
class Opened:
    kind: str
    passphrase: bytes
    key: object
    cert: object
    extra: list


def open_blob(blob: bytes) -> Opened:
    for kind, passphrase in candidate_passphrases():
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(blob, passphrase)
        except ValueError:
            continue
        return Opened(kind, passphrase, key, cert, list(extra or ()))
    raise KeyUnavailable("No configured key-encryption key opens this PKCS#12 blob.")


def seal(key, cert, extra, name: bytes, passphrase: bytes | None = None) -> bytes:
    """A PKCS#12 blob of ``key``/``cert``/``extra`` encrypted under the current KEK (or ``passphrase``)."""
    return pkcs12.serialize_key_and_certificates(
        name, key, cert, extra or None, serialization.BestAvailableEncryption(passphrase or encryption_passphrase())
    )


@dataclass
class RotationResult:
    reencrypted: int
    unreadable: list[int]
    new_kek_source: str


def reencrypt_all(new_passphrase: bytes) -> tuple[int, list[int]]:
    """Re-encrypt every stored blob with ``new_passphrase`` in one transaction; return (count, unreadable ids)."""
    from django.db import transaction

    from egov.audit.services import record

    from .models import Certificate

    count, unreadable = 0, []
    with transaction.atomic():
        for certificate in Certificate.objects.select_for_update().exclude(pkcs12=None).order_by("pk"):
            blob = bytes(certificate.pkcs12 or b"")
            if not blob:
                continue
            try:
                opened = open_blob(blob)
            except KeyUnavailable:
                unreadable.append(certificate.pk)
                continue
            name = (opened.cert.subject.rfc4514_string() or "key").encode()[:64]
            certificate.pkcs12 = seal(opened.key, opened.cert, opened.extra, name, new_passphrase)
            certificate.save(update_fields=["pkcs12"])
            count += 1
        record(
            actor=None,
            action="signatures.keys_reencrypted",
            after={"certificates": count, "unreadable": unreadable},
            summary="Mã hóa lại khóa bí mật của các chứng thư số bằng khóa mã hóa khóa (KEK) mới.",
        )
    return count, unreadable


def rotate(new_value: str | None = None) -> RotationResult:
    """Generate (or take) a new KEK, re-encrypt every stored blob with it, then make it current.

    With the KEK in a file: the new key is written to ``kek.new`` first, the blobs are re-encrypted in one
    transaction, then the old key moves to ``kek.previous`` and ``kek.new`` becomes ``kek`` — at every moment
    some known key opens every blob. With ``EGOV_KEK`` from the environment, pass the new value (the command
    reads it from ``EGOV_KEK_NEW``); afterwards set ``EGOV_KEK`` to it (and the old one in ``EGOV_KEK_PREVIOUS``
    until you are sure).
    """
    if from_environment():
        if not new_value:
            raise ImproperlyConfigured("EGOV_KEK comes from the environment: give the new key in EGOV_KEK_NEW.")
        if len(new_value) < MIN_LENGTH:
            raise ImproperlyConfigured(f"The new key must be at least {MIN_LENGTH} characters long.")
        count, unreadable = reencrypt_all(passphrase_for(new_value))
        return RotationResult(count, unreadable, "environment")
    old = current_kek()
    new = new_value or new_kek()
    _write_secret(pending_file(), new)
    count, unreadable = reencrypt_all(passphrase_for(new))
    _write_secret(previous_file(), "\n".join([old, *_lines(previous_file())]) + "\n")
    _write_secret(kek_file(), new)
    pending_file().unlink(missing_ok=True)
    return RotationResult(count, unreadable, str(kek_file()))


def status() -> dict[str, int]:
    """How many stored blobs each kind of passphrase opens (``current``, ``previous``, ``legacy``, ``unreadable``)."""
    from .models import Certificate

    counts = {"current": 0, "previous": 0, "legacy": 0, "unreadable": 0}
    for blob in Certificate.objects.exclude(pkcs12=None).values_list("pkcs12", flat=True).iterator():
        if not blob:
            continue
        try:
            counts[open_blob(bytes(blob)).kind] += 1
        except KeyUnavailable:
            counts["unreadable"] += 1
    return counts
