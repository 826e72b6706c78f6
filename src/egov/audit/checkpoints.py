"""Signed checkpoints of the audit log, kept outside the database (decision 0006).

A checkpoint is the chain head (the last seal's number, hash, the last record id it covers and the number of
records sealed so far) as canonical JSON, ``checkpoint-<seal>.json``, with a detached CMS signature
(PKCS#7, DER) of exactly those bytes beside it, ``checkpoint-<seal>.json.p7s``, signed with the province's
organisation certificate. ``egov worker`` exports one a day (``handlers.py``) and ``egov audit checkpoint``
on demand, to ``EGOV_AUDIT_CHECKPOINT_DIR``; the portal lists them at ``/minh-bach/nhat-ky-kiem-toan/checkpoints/``
so anyone can keep copies. ``egov audit verify --checkpoints DIR`` then detects even a full rehash of the log by
someone with database access: the recomputed seal no longer has the signed hash.

This app may not import the signatures app (a domain app), so the signing and the signature check are
plugged in by it at start-up (``register_signer``); see ``egov.signatures.checkpoints``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .chain import Broken

FORMAT = "egov-audit-checkpoint/1"
SIGNATURE_SUFFIX = ".p7s"


class CheckpointSigner(Protocol):
    def sign(self, data: bytes) -> bytes:
        """A detached CMS signature (DER) of ``data``; raises CheckpointError when no key can sign."""

    def verify(self, data: bytes, signature: bytes) -> str:
        """The signer's name when ``signature`` is a valid, trusted signature of ``data``; else CheckpointError."""


class CheckpointError(Exception):
    pass


_signer: CheckpointSigner | None = None


def register_signer(signer: CheckpointSigner) -> None:
    global _signer
    _signer = signer


def signer() -> CheckpointSigner:
    if _signer is None:
        raise CheckpointError(_("Chưa có bộ ký điểm kiểm tra (ứng dụng chữ ký số chưa được cài)."))
    return _signer


def checkpoint_dir() -> Path:
    return Path(settings.EGOV_AUDIT_CHECKPOINT_DIR)


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    data: dict

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def signature_name(self) -> str:
        return self.path.name + SIGNATURE_SUFFIX


def payload(seal) -> bytes:
    data = {
        "format": FORMAT,
        "province": settings.EGOV_PROVINCE_NAME,
        "seal": seal.number,
        "last_id": seal.last_id,
        "total": seal.total,
        "head": seal.hash,
        "signed_at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def file_name(number: int) -> str:
    return f"checkpoint-{number:010d}.json"


def export_checkpoint(directory: Path | None = None) -> Path | None:
    """Seal what is final, then sign the chain head into ``directory``; None when there is no seal yet or that
    head is already there."""
    from .models import AuditSeal
    from .seal import seal_pending

    seal_pending()
    seal = AuditSeal.objects.order_by("-number").first()
    if seal is None:
        return None
    directory = directory or checkpoint_dir()
    path = directory / file_name(seal.number)
    if path.exists():
        return None
    data = payload(seal)
    signature = signer().sign(data)
    directory.mkdir(parents=True, exist_ok=True)
    _write(directory / (path.name + SIGNATURE_SUFFIX), signature)
    _write(path, data)  # last: a checkpoint is listed only once its signature is there
    return path


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def list_checkpoints(directory: Path | None = None) -> list[Checkpoint]:
    """The checkpoints in ``directory``, newest first (unreadable files skipped)."""
    directory = directory or checkpoint_dir()
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("checkpoint-*.json"), reverse=True):
        try:
            found.append(Checkpoint(path, json.loads(path.read_bytes())))
        except (OSError, ValueError):
            continue
    return found


def match_checkpoints(directory: Path, heads: dict[int, tuple[str, int]]) -> int:
    """Check every checkpoint of ``directory`` against the seals verified (``heads``: number → (hash, total));
    return how many matched, raise ``Broken`` at the first that does not."""
    paths = sorted(directory.glob("checkpoint-*.json")) if directory.is_dir() else []
    if not paths:
        raise Broken(_("Không tìm thấy điểm kiểm tra nào trong %(dir)s.") % {"dir": directory})
    for path in paths:
        data = path.read_bytes()
        signature_path = path.with_name(path.name + SIGNATURE_SUFFIX)
        if not signature_path.exists():
            raise Broken(_("Điểm kiểm tra %(name)s không có chữ ký.") % {"name": path.name})
        try:
            signer().verify(data, signature_path.read_bytes())
            content = json.loads(data)
            number, head, total = int(content["seal"]), content["head"], int(content["total"])
        except (CheckpointError, ValueError, KeyError, TypeError) as exc:
            raise Broken(
                _("Điểm kiểm tra %(name)s không hợp lệ: %(error)s") % {"name": path.name, "error": exc}
            ) from exc
        if number not in heads:
            raise Broken(
                _("Điểm kiểm tra %(name)s ghi niêm phong số %(n)d, nhật ký chỉ còn %(have)d niêm phong (đã bị cắt).")
                % {"name": path.name, "n": number, "have": len(heads)},
                seal=number,
            )
        if heads[number] != (head, total):
            raise Broken(
                _(
                    "Niêm phong số %(n)d không còn khớp điểm kiểm tra đã ký %(name)s: nhật ký đã bị tính lại "
                    "mã băm (viết lại)."
                )
                % {"n": number, "name": path.name},
                seal=number,
            )
    return len(paths)
