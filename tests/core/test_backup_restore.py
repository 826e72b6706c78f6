"""``egov backup`` then ``egov restore`` into a new, empty database and storage (issue 14.13).

Runs on the database the suite runs on (SQLite or PostgreSQL): the restore goes to a fresh database (a file, or
``<test database>_restore``) and a fresh var/media folder, in child processes like an operator's. Afterwards the
audit chain verifies, a staff user signs in, the stored file reads back byte for byte and both stored certificates
sign — one of them encrypted the old way (from SECRET_KEY), as demo data of an older version is.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from egov.attachments.services import store_upload
from egov.core.backup import BackupError, backup, verify_archive
from egov.signatures import keys, services
from egov.signatures.models import Certificate
from egov.signatures.pdfgen import sample_pdf
from factories import AgencyFactory, OfficialFactory, StaffUserFactory

PASSWORD = "Sao-luu-2026!"

CHECK = """
import hashlib, json, sys
import django
django.setup()
from django.test import Client
from egov.attachments.models import Attachment
from egov.signatures import services
from egov.signatures.models import Certificate
from egov.signatures.pdfgen import sample_pdf

username, password, attachment_id = sys.argv[1:4]
client = Client()
response = client.post("/dang-nhap/", {"username": username, "password": password})
out = {"login": response.status_code, "signed_in": "_auth_user_id" in client.session}
with Attachment.objects.get(pk=attachment_id).file.open("rb") as fh:
    out["file_sha256"] = hashlib.sha256(fh.read()).hexdigest()
out["signed"] = []
for certificate in Certificate.objects.order_by("pk"):
    signed = services.sign_pdf(sample_pdf(1), certificate=certificate, reason="Kiểm tra sau khôi phục")
    out["signed"].append(services.verify_pdf(signed)[0].intact)
print(json.dumps(out))
"""


def _database_url(name: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{quote(name, safe='')}"


@pytest.fixture
def fresh_database(tmp_path):
    """A DATABASE_URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed (apt-get install postgresql-client)")
    name = (connection.settings_dict["NAME"] + "_restore")[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source_var(settings, tmp_path, monkeypatch):
    """The installation being backed up keeps its secret key and KEK in its own var folder."""
    for name in ("EGOV_KEK", "EGOV_KEK_PREVIOUS", "EGOV_KEK_NEW", "EGOV_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text(django_settings.SECRET_KEY)
    settings.VAR_DIR = var
    settings.SIGNATURES_PKCS12_PASSPHRASE = ""
    return var


def _legacy(certificate, secret_key: str) -> None:
    opened = keys.open_blob(bytes(certificate.pkcs12))
    passphrase = hashlib.sha256(b"egov.signatures.pkcs12:" + secret_key.encode()).hexdigest().encode()
    blob = keys.seal(opened.key, opened.cert, opened.extra, b"legacy", passphrase)
    Certificate.objects.filter(pk=certificate.pk).update(pkcs12=blob)


def _child_env(database_url: str, var, media) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_KEK", "EGOV_SECRET_KEY"))}
    env.update(
        DATABASE_URL=database_url,
        EGOV_VAR_DIR=str(var),
        EGOV_MEDIA_ROOT=str(media),
        DJANGO_SETTINGS_MODULE="egov.settings",
        EGOV_SIGNATURES_PKCS12_PASSPHRASE="",
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    return env


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_installation(settings, tmp_path, source_var, fresh_database):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the child checks
    agency = AgencyFactory()
    clerk = StaffUserFactory(official=OfficialFactory(agency=agency))
    clerk.set_password(PASSWORD)
    clerk.save()
    content = sample_pdf(2)
    attachment = store_upload(SimpleUploadedFile("to-trinh.pdf", content), uploaded_by=clerk, agency=agency)
    old = services.issue_certificate(agency=agency)
    _legacy(old, settings.SECRET_KEY)  # encrypted as before the KEK existed
    services.issue_certificate(official=clerk.official)

    archive = backup(tmp_path / "backups", tar=True)
    assert archive.name.endswith(".tar.gz") and oct(archive.stat().st_mode & 0o777) == "0o600"

    var, media = tmp_path / "restored-var", tmp_path / "restored-media"
    env = _child_env(fresh_database, var, media)
    done = subprocess.run(
        [sys.executable, "-m", "egov", "restore", str(archive)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Nhật ký toàn vẹn" in done.stdout  # restore ran `audit verify` and `keys status` in a new process
    assert "     0  KHÔNG mở được" in done.stdout and "     1  mở bằng cách cũ" in done.stdout
    assert (var / "keys" / "kek").read_text() == (source_var / "keys" / "kek").read_text()
    assert (var / "secret_key").read_text() == django_settings.SECRET_KEY

    done = subprocess.run(
        [sys.executable, "-c", CHECK, clerk.username, PASSWORD, str(attachment.pk)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "login": 302,
        "signed_in": True,
        "file_sha256": hashlib.sha256(content).hexdigest(),
        "signed": [True, True],
    }

    with pytest.raises(CommandError, match="Cơ sở dữ liệu không trống"):  # never over existing data
        call_command("restore", str(archive), "--no-verify")


@pytest.mark.django_db
def test_a_changed_file_in_the_archive_is_refused(tmp_path, source_var):
    keys.current_kek()
    root = backup(tmp_path / "backups")
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor and manifest["keys_included"] is True
    assert "keys/kek" in manifest["files"] and "keys/secret_key" in manifest["files"]
    assert verify_archive(root)["format"] == 1
    dump = root / manifest["database"]["file"]
    dump.write_bytes(dump.read_bytes() + b"x")
    with pytest.raises(BackupError, match="Sai mã băm SHA-256"):
        verify_archive(root)
    with pytest.raises(CommandError, match="Sai mã băm SHA-256"):
        call_command("restore", str(root), "--no-verify")
