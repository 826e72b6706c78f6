"""The hub adapter and the peer transport against a loopback HTTP server (no real hub here)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest

from egov.exchange import signing
from egov.exchange.transports import HubTransport, PeerTransport, TransportError, transport_for, transport_names


class Recorder(BaseHTTPRequestHandler):
    answers: list = []
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Recorder.seen.append((self.path, self.headers, body))  # case-insensitive
        status, payload = Recorder.answers.pop(0) if Recorder.answers else (200, b'{"status": true}')
        self.send_response(status)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Recorder.answers, Recorder.seen = [], []
    httpd = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def message(**peer):
    return SimpleNamespace(
        key="000.00.11.H97,2026/04/06,01/QĐ-STP",
        local_agency=SimpleNamespace(code="000.00.11.H97"),
        peer=SimpleNamespace(
            **{"organ_id": "000.00.00.G12", "endpoint": "", "shared_secret": "", "transport": "", **peer}
        ),
    )


def test_hub_adapter_sends_with_configured_paths_headers_and_token(server, settings):
    settings.EXCHANGE_HUB_URL = server
    settings.EXCHANGE_HUB_SEND_PATH = "/api/sendEdoc"
    settings.EXCHANGE_HUB_TOKEN = "t0ken"
    HubTransport().send(message(), b"<edXML/>")
    path, headers, body = Recorder.seen[0]
    assert path == "/api/sendEdoc" and body == b"<edXML/>"
    assert headers["Authorization"] == "Bearer t0ken"
    assert headers["from"] == "000.00.11.H97" and headers["to"] == "000.00.00.G12"

    Recorder.answers = [(200, json.dumps({"status": False, "message": "sai mã"}).encode())]
    with pytest.raises(TransportError, match="refused"):
        HubTransport().send(message(), b"<edXML/>")
    Recorder.answers = [(503, b"busy")]
    with pytest.raises(TransportError, match="HTTP 503"):
        HubTransport().send(message(), b"<edXML/>")
    settings.EXCHANGE_HUB_TOKEN = ""
    settings.EXCHANGE_HUB_USERNAME, settings.EXCHANGE_HUB_PASSWORD = "u", "p"
    HubTransport().send(message(), b"<edXML/>")
    assert Recorder.seen[-1][1]["Authorization"] == "Basic dTpw"


def test_hub_adapter_needs_a_url(settings):
    settings.EXCHANGE_HUB_URL = ""
    with pytest.raises(TransportError, match="HUB_URL"):
        HubTransport().send(message(), b"<edXML/>")


def test_peer_transport_signs_and_needs_a_secret_and_endpoint(server):
    with pytest.raises(TransportError, match="endpoint"):
        PeerTransport().send(message(), b"x")
    with pytest.raises(TransportError, match="secret"):
        PeerTransport().send(message(endpoint=server + "/in/"), b"x")
    msg = message(endpoint=server + "/in/")
    msg.peer.shared_secret = "s3cret"
    PeerTransport().send(msg, b"<edXML/>")
    _path, headers, body = Recorder.seen[0]
    signed = signing.read_headers(headers)
    assert signed.organ_id == "000.00.11.H97" and signed.key.startswith("000.00.11.H97%2C")
    assert signing.check("s3cret", signed, body, window=300) == ""
    assert signing.check("other", signed, body, window=300) == "bad signature"


def test_unreachable_peer_is_a_transport_error():
    msg = message(endpoint="http://127.0.0.1:9/in/")
    msg.peer.shared_secret = "s"
    with pytest.raises(TransportError, match="cannot reach"):
        PeerTransport().send(msg, b"x")


def test_registry(settings):
    assert {"peer", "hub", "simulator"} <= set(transport_names())
    settings.EXCHANGE_TRANSPORT = "nope"
    with pytest.raises(TransportError, match="unknown"):
        transport_for(message().peer)
