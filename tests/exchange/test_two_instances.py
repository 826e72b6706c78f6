"""Acceptance: two egov installations (two databases, two servers on loopback) exchange a signed document.

Installation A is this test's database (its server runs in a child process on it); installation B has its
own database (a SQLite copy of A's, or a PostgreSQL database made from A's as a template), its own server,
and its clerk and staff act in a child process. A issues a document to an agency of B; B registers, assigns
and completes it; A sees 01, 03, 04, 05, 06 in order; A revokes it (13) and B agrees (15)."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from egov.documents import services as documents
from egov.documents.models import IncomingDocument
from egov.events.dispatcher import deliver_due
from egov.exchange.models import ExchangeMessage, ExternalAgency, RecipientStatus

from .test_flow import issue_to_b

DRIVER = str(Path(__file__).with_name("instance_driver.py"))
SECRET = "bi-mat-chung-giua-hai-he-thong"

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(db: dict) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Installation:
    def __init__(self, name, tmp_path):
        self.dir = tmp_path / name
        (self.dir / "media").mkdir(parents=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.inbox = self.url + "/api/v1/exchange/inbox/"
        self.env = dict(
            os.environ,
            EGOV_VAR_DIR=str(settings.VAR_DIR),
            EGOV_MEDIA_ROOT=str(self.dir / "media"),
            EGOV_TASKS_BACKEND="dummy",
            DJANGO_SETTINGS_MODULE="egov.settings",
            PYTHONUNBUFFERED="1",
        )
        self.server = None

    def run(self, step) -> dict:
        process = subprocess.run(
            [sys.executable, DRIVER, step], env=self.env, capture_output=True, timeout=120, check=False
        )
        assert process.returncode == 0, process.stderr.decode(errors="replace")[-3000:]
        return json.loads(process.stdout.decode().strip().splitlines()[-1])

    def serve(self):
        self.server = subprocess.Popen(
            [sys.executable, "-m", "egov", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{self.port}"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()


def copy_database(tmp_path) -> tuple[str, callable]:
    """B's database: a copy of this test's database as it is now; returns its URL and a clean-up."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = tmp_path / "b.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}", lambda: None
    name = f"{db['NAME']}_b"[:63]
    connection.close()
    admin = {k: v for k, v in {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}.items() if v}
    if db.get("PASSWORD"):
        admin["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
        pg.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db["NAME"]}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return database_url({**db, "NAME": name}), drop


def drain():
    while deliver_due():
        pass


def wait_for(condition, timeout=60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_two_installations_exchange_a_signed_document(world, tmp_path):
    a, b = Installation("a", tmp_path), Installation("b", tmp_path)
    # A knows B's agency at B's address and B knows A's at A's, with the same shared secret on both sides.
    ExternalAgency.objects.update(transport="peer", shared_secret=SECRET)
    ExternalAgency.objects.filter(pk=world.peer_b.pk).update(endpoint=b.inbox)
    ExternalAgency.objects.filter(pk=world.peer_a.pk).update(endpoint=a.inbox)
    a.env["DATABASE_URL"] = database_url(connection.settings_dict)
    b.env["DATABASE_URL"], drop_b = copy_database(tmp_path)
    try:
        a.serve()
        b.serve()
        assert wait_for(lambda: a.ready() and b.ready()), "servers did not start"

        doc = issue_to_b(world)
        drain()
        sent = ExchangeMessage.objects.get(direction="out", outgoing=doc)
        assert (sent.state, sent.last_error) == ("sent", "")
        assert not IncomingDocument.objects.filter(issuer_code=world.a.agency.code).exists()  # it went to B

        handled = b.run("handle")
        assert handled == {"before": "pending", "after": "done", "attachments": 1, "errors": []}
        status = RecipientStatus.objects.get(outgoing=doc)
        assert status.codes == ["01", "03", "04", "05", "06"]

        documents.recall(doc, actor=world.a.clerk, reason="Ban hành nhầm")
        drain()
        assert b.run("finish") == {"status": "recalled", "copies": 1, "errors": []}
        status.refresh_from_db()
        assert status.codes == ["01", "03", "04", "05", "06", "13", "15"]
        assert not ExchangeMessage.objects.exclude(state__in=["sent", "received"]).exists()
    finally:
        a.stop()
        b.stop()
        drop_b()
