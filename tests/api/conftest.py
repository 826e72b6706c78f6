"""Webhook tests: a receiver on loopback (a thread of this process) that can be told to fail, and a world with a
partner allowed to see Sở Tư pháp. Partner token tests: the token endpoint and a client carrying a token."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

TOKEN_URL = "/api/v1/oauth/token/"


class Receiver:
    """Records every POST (headers, body) and answers ``fail_status`` for the next ``fail_next`` requests."""

    def __init__(self):
        self.requests: list[dict] = []
        self.fail_next = 0
        self.fail_status = 503
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                headers = {key.lower(): value for key, value in self.headers.items()}
                failing = receiver.fail_next > 0
                receiver.fail_next -= 1 if failing else 0
                status = receiver.fail_status if failing else 204
                receiver.requests.append({"headers": headers, "body": body, "json": json.loads(body), "status": status})
                self._answer(status, b"temporarily unavailable" if failing else b"")

            def _answer(self, status, content):
                self.send_response(status)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def accepted(self) -> list[dict]:
        """The requests answered 2xx, in the order they arrived."""
        return [request for request in self.requests if request["status"] < 300]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def world(db):
    from dossiers.factories import OneStopWorld

    return OneStopWorld()


@pytest.fixture
def partner(world):
    from egov.api.models import Partner

    partner = Partner.objects.create(code="ho-tich", name="Phần mềm hộ tịch của Sở Tư pháp")
    partner.agencies.add(world.so)
    return partner


# --- partner tokens (OAuth2 client credentials) ---------------------------------------------------------


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def post_token(form: dict, **headers):
    """POST ``form`` to the token endpoint as application/x-www-form-urlencoded (RFC 6749 §4.4.2)."""
    return APIClient().post(TOKEN_URL, urlencode(form), content_type="application/x-www-form-urlencoded", **headers)


@pytest.fixture
def token_for():
    """``token_for(partner, secret=None, **form)``: the token endpoint's answer for the partner (HTTP Basic)."""

    def ask(partner, secret=None, **form):
        form.setdefault("grant_type", "client_credentials")
        return post_token(form, HTTP_AUTHORIZATION=basic(partner.client_id, secret or partner.secret_value))

    return ask


@pytest.fixture
def bearer(token_for):
    """``bearer(partner)``: an API client carrying a fresh token of ``partner``."""

    def client(partner, **form):
        response = token_for(partner, **form)
        assert response.status_code == 200, response.content
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION="Bearer " + response.json()["access_token"])
        return api

    return client
