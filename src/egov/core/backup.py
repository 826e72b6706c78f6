"""``egov backup`` and ``egov restore``: one archive with the database, the stored files and the key material.

An archive is a directory (or the same directory as a ``.tar.gz`` with ``--tar``) named
``egov-backup-<UTC time>``::

    manifest.json            what is inside, with the SHA-256 and size of every file
    database.pgdump          PostgreSQL: pg_dump --format=custom
    database.sqlite3         SQLite: a consistent copy made with SQLite's online backup API
    media/...                the stored files (file-system storage), or
    media-inventory.jsonl    with S3 storage: one line per object (key, size, ETag, version); the objects stay
                             in the bucket (keep versioning on; see docs/backup.md)
    keys/secret_key          VAR_DIR/secret_key (when EGOV_SECRET_KEY is not set)
    keys/kek, kek.previous   the key-encryption key of stored certificates (signatures/keys.py)
    keys/demo-ca/...         the demo certification authority (when present)

Secrets given as environment variables (EGOV_SECRET_KEY, EGOV_KEK, ...) are not written; the manifest lists
them so the operator knows to keep them with the archive. The archive holds private key material: store it
encrypted and access-controlled (docs/backup.md).

``restore`` refuses a database that already has tables and a non-empty media folder: it restores into an
empty installation, the only case that can be checked. The database vendor must match the archive's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone

FORMAT = 1
PG_DUMP = "database.pgdump"
SQLITE_DUMP = "database.sqlite3"
MANIFEST = "manifest.json"
S3_INVENTORY = "media-inventory.jsonl"
ENV_SECRETS = ("EGOV_SECRET_KEY", "EGOV_KEK", "EGOV_KEK_PREVIOUS", "EGOV_SIGNATURES_PKCS12_PASSPHRASE")


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} lỗi ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _uses_file_storage() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def _key_files() -> list[tuple[Path, str]]:
    """(source, name in the archive) of the key material kept under VAR_DIR."""
    var = Path(settings.VAR_DIR)
    found = []
    if not os.environ.get("EGOV_SECRET_KEY") and (var / "secret_key").is_file():
        found.append((var / "secret_key", "keys/secret_key"))
    for name in ("kek", "kek.previous", "kek.new"):
        if (var / "keys" / name).is_file():
            found.append((var / "keys" / name, f"keys/{name}"))
    demo_ca = var / "signatures" / "demo-ca"
    if demo_ca.is_dir():
        found += [(p, f"keys/demo-ca/{p.name}") for p in sorted(demo_ca.iterdir()) if p.is_file()]
    return found


def _key_destination(name: str) -> Path:
    var = Path(settings.VAR_DIR)
    relative = name.removeprefix("keys/")
    if relative == "secret_key":
        return var / "secret_key"
    if relative.startswith("demo-ca/"):
        return var / "signatures" / relative
    return var / "keys" / relative


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name"):
        latest[app] = name
    return latest


def _s3_inventory(path: Path) -> int:
    bucket = default_storage.bucket
    count = 0
    with path.open("w") as out:
        for obj in bucket.objects.all():
            line = {"key": obj.key, "size": obj.size, "etag": obj.e_tag, "last_modified": obj.last_modified.isoformat()}
            out.write(json.dumps(line) + "\n")
            count += 1
    return count


def backup(output_dir: Path, *, tar: bool = False, include_keys: bool = True) -> Path:
    """Write one archive under ``output_dir`` and return its path (directory or .tar.gz)."""
    now = timezone.now()
    name = f"egov-backup-{now:%Y%m%dT%H%M%SZ}"
    dest = Path(output_dir) / name
    dest.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    if vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(dest / PG_DUMP), *args,
             connection.settings_dict["NAME"]],
            env,
        )  # fmt: skip
    elif vendor == "sqlite":  # the online backup API copies a consistent snapshot while others write
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        target = sqlite3.connect(str(dest / SQLITE_DUMP))
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        raise BackupError(f"Không hỗ trợ cơ sở dữ liệu {vendor}")

    media = {"storage": "file" if _uses_file_storage() else type(default_storage).__name__}
    if _uses_file_storage():
        root = Path(settings.MEDIA_ROOT)
        if root.is_dir():
            shutil.copytree(root, dest / "media", symlinks=False)
    elif hasattr(default_storage, "bucket"):
        media["objects"] = _s3_inventory(dest / S3_INVENTORY)
        media["bucket"] = default_storage.bucket.name
    if include_keys:
        for source_path, archive_name in _key_files():
            target_path = dest / archive_name
            target_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source_path, target_path)
            target_path.chmod(0o600)

    files = {
        str(path.relative_to(dest)): {"sha256": _sha256(path), "size": path.stat().st_size}
        for path in sorted(dest.rglob("*"))
        if path.is_file()
    }
    from egov import __version__ as egov_version

    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "egov_version": egov_version,
        "database": {"vendor": vendor, "file": PG_DUMP if vendor == "postgresql" else SQLITE_DUMP},
        "migrations": _migrations(),
        "media": media,
        "keys_included": include_keys,
        "secrets_from_environment_not_included": [n for n in ENV_SECRETS if os.environ.get(n)],
        "files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    if not tar:
        return dest
    archive = dest.with_name(name + ".tar.gz")
    with tarfile.open(archive, "w:gz") as out:
        out.add(dest, arcname=name)
    shutil.rmtree(dest)
    archive.chmod(0o600)
    return archive


@dataclass
class Restored:
    manifest: dict
    files: int = 0
    keys: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


def _open_archive(path: Path, scratch: Path) -> Path:
    if path.is_dir():
        return path
    if not tarfile.is_tarfile(path):
        raise BackupError(f"Không phải bản sao lưu: {path}")
    with tarfile.open(path) as archive:
        archive.extractall(scratch, filter="data")
    [root] = [p for p in scratch.iterdir() if p.is_dir()] or [scratch]
    return root


def verify_archive(root: Path) -> dict:
    """The manifest, after checking every file's SHA-256 and size (BackupError on any difference)."""
    try:
        manifest = json.loads((root / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"Thiếu {MANIFEST} trong {root}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng bản sao lưu không rõ: {manifest.get('format')!r}")
    for name, expected in manifest["files"].items():
        path = root / name
        if not path.is_file():
            raise BackupError(f"Bản sao lưu thiếu tệp: {name}")
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise BackupError(f"Sai mã băm SHA-256 (tệp đã bị thay đổi): {name}")
    listed = set(manifest["files"]) | {MANIFEST}
    present = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    extra = present - listed
    if extra:
        raise BackupError(f"Tệp không có trong manifest: {', '.join(sorted(extra)[:5])}")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(path: Path) -> Restored:
    """Restore an archive (directory or .tar.gz) into the configured, empty database and storage."""
    with tempfile.TemporaryDirectory(prefix="egov-restore-") as scratch:
        root = _open_archive(Path(path), Path(scratch))
        manifest = verify_archive(root)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"Bản sao lưu là cơ sở dữ liệu {vendor}, bản cài đặt này dùng {connection.vendor}.")
        if not _database_is_empty():
            raise BackupError("Cơ sở dữ liệu không trống: chỉ khôi phục vào một cơ sở dữ liệu mới, còn trống.")
        media_root = Path(settings.MEDIA_ROOT)
        has_media = any(name.startswith("media/") for name in manifest["files"])
        if has_media and _uses_file_storage() and media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(f"Thư mục tệp {media_root} không trống.")

        result = Restored(manifest)
        dump = root / manifest["database"]["file"]
        if vendor == "postgresql":
            env, args = _pg_env_and_args()
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args,
                 "--dbname", connection.settings_dict["NAME"], str(dump)],
                env,
            )  # fmt: skip
        else:
            connection.close()
            source = sqlite3.connect(str(dump))
            target = sqlite3.connect(str(connection.settings_dict["NAME"]))
            try:
                with target:
                    source.backup(target)
            finally:
                source.close()
                target.close()

        if has_media:
            if _uses_file_storage():
                shutil.copytree(root / "media", media_root, dirs_exist_ok=True)
                result.files = sum(1 for name in manifest["files"] if name.startswith("media/"))
            else:
                raise BackupError("Bản sao lưu có tệp nhưng nơi lưu tệp hiện tại không phải hệ thống tệp.")
        for name in manifest["files"]:
            if not name.startswith("keys/"):
                continue
            destination = _key_destination(name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            source_bytes = (root / name).read_bytes()
            if destination.exists() and destination.read_bytes() != source_bytes:
                # A fresh installation generated its own (e.g. var/secret_key at start-up): keep it aside.
                aside = destination.with_name(f"{destination.name}.replaced-{timezone.now():%Y%m%dT%H%M%SZ}")
                os.replace(destination, aside)
                result.replaced.append(str(aside))
            destination.write_bytes(source_bytes)
            destination.chmod(0o600)
            result.keys.append(str(destination))
        return result
