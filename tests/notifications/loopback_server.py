"""A tiny HTTP server on 127.0.0.1 that plays an SMS provider in the tests."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder:
    def __init__(self, status: int = 200, answer: dict | None = None):
        self.status = status
        self.answer = answer if answer is not None else {"id": "prov-123"}
        self.requests: list[dict] = []


def _handler(recorder: Recorder):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            recorder.requests.append(
                {"path": self.path, "headers": dict(self.headers), "json": json.loads(self.rfile.read(length))}
            )
            body = json.dumps(recorder.answer).encode()
            self.send_response(recorder.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def sms_provider(status: int = 200, answer: dict | None = None):
    """Yields ``(url, recorder)``; the server stops when the block ends."""
    recorder = Recorder(status, answer)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/api/sms", recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
