"""A local provincial LGSP for the demo and the tests, served at ``/mo-phong/lgsp/<operation>`` when
``EGOV_EXCHANGE_LGSP_SIMULATOR`` is on (404 otherwise).

Protocol-faithful to ``client.py``: every call must carry the configured ``systemid`` and ``secret`` (else HTTP
401 with the platform's answer form ``{"status": "FAIL", "ErrorCode": "401", "ErrorDesc": ...}``) and a valid
``from`` OrganId. ``sendEdoc`` reads the edXML with the safe parser, checks that ``from`` is its sender and puts
one packet in the queue of each receiver (``to``, else the message's ``To``, or ``ResponseFor`` of a status);
``getReceivedEdocList`` lists the packets of ``from``'s queue not yet acknowledged; ``getEdoc`` hands one over
(only to its receiver); ``updateStatus`` done/fail takes it off the list. The queues are files under
``EGOV_EXCHANGE_LGSP_SIMULATOR_DIR`` (one directory per receiver): the demo's web server answers the worker's
calls while the worker holds SQLite's write lock. Knobs for tests, like the DVCQG
simulator: ``EGOV_EXCHANGE_LGSP_SIMULATOR_FAILURE_RATE`` (0..1: a call answers HTTP 503, or ``FAIL`` "busy", or is
applied and answered too late for the client, i.e. a lost answer), ``_DELAY_MS`` (every answer waits) and
``_SEED`` (the failures come from a seeded generator: same calls, same failures).
"""

import base64
import json
import os
import random
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from egov.agencies.models import validate_organ_id
from egov.exchange import edxml

from . import protocol as p
from .client import CLIENTS, LgspError

_rng_lock = threading.Lock()
_rng_state: dict = {"seed": None, "rng": None}


def reset(seed: int | None = None) -> None:
    """Start the failure generator again (tests): the same calls then meet the same failures."""
    with _rng_lock:
        _rng_state.update(seed=seed, rng=random.Random(seed) if seed is not None else None)


def _draw() -> str:
    """ "" (answer normally) or this call's failure: "http", "busy" or "late"."""
    rate = settings.EXCHANGE_LGSP_SIMULATOR_FAILURE_RATE
    if rate <= 0:
        return ""
    with _rng_lock:
        if _rng_state["rng"] is None:
            _rng_state.update(seed=settings.EXCHANGE_LGSP_SIMULATOR_SEED)
            _rng_state["rng"] = random.Random(settings.EXCHANGE_LGSP_SIMULATOR_SEED)
        rng = _rng_state["rng"]
        if rng.random() >= rate:
            return ""
        return rng.choice(("http", "busy", "late"))


# --- the queues: one directory per receiver, a JSON card and the edXML per packet ------------------------


@dataclass
class Packet:
    lgsp_id: str
    sender: str
    receiver: str
    message_type: str
    state: str = "new"  # new, processing, done, fail
    description: str = ""
    created_at: str = ""

    @property
    def body(self) -> bytes:
        return _path(self.receiver, self.lgsp_id, ".xml").read_bytes()


def _root() -> Path:
    return Path(settings.EXCHANGE_LGSP_SIMULATOR_DIR)


def _path(receiver: str, lgsp_id: str, suffix: str) -> Path:
    validate_organ_id(receiver)  # never a path of its own
    uuid.UUID(lgsp_id)
    return _root() / receiver / f"{lgsp_id}{suffix}"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _save(packet: Packet) -> None:
    _write(_path(packet.receiver, packet.lgsp_id, ".json"), json.dumps(asdict(packet)).encode())


def enqueue(body: bytes, *, sender: str, receiver: str, message_type: str = p.EDOC) -> str:
    """Put a packet in ``receiver``'s queue (what ``sendEdoc`` does; the demo and tests call it to play an agency
    of the province on another system)."""
    lgsp_id = str(uuid.uuid4())
    packet = Packet(lgsp_id, sender, receiver, message_type, created_at=timezone.localtime().isoformat())
    _write(_path(receiver, lgsp_id, ".xml"), body)
    _save(packet)
    return lgsp_id


def packets(receiver: str | None = None, *, states=None) -> list[Packet]:
    """The packets held, oldest first (of one receiver, in some states)."""
    if receiver is not None:
        validate_organ_id(receiver)
    folders = [_root() / receiver] if receiver else [d for d in _root().glob("*") if d.is_dir()]
    found = []
    for folder in folders:
        for card in folder.glob("*.json"):
            try:
                packet = Packet(**json.loads(card.read_bytes()))
            except (OSError, ValueError, TypeError):
                continue
            if states is None or packet.state in states:
                found.append(packet)
    return sorted(found, key=lambda item: (item.created_at, item.lgsp_id))


def find(lgsp_id: str, receiver: str) -> Packet | None:
    try:
        return Packet(**json.loads(_path(receiver, lgsp_id, ".json").read_bytes()))
    except (OSError, ValueError, TypeError, ValidationError):
        return None


def clear() -> None:
    """Empty every queue (a fresh demo database): only the simulator's own files (UUID-named cards and edXML in
    OrganId-named folders) are removed, whatever else the folder holds."""
    for card in _root().glob("*/*"):
        try:
            validate_organ_id(card.parent.name)
            uuid.UUID(card.stem)
        except (ValidationError, ValueError):
            continue
        if card.suffix in (".json", ".xml") and card.is_file():
            card.unlink(missing_ok=True)


# --- the platform, as functions of (headers, body) → (HTTP status, answer) --------------------------------


def handle(operation: str, headers, body: bytes = b"", *, failures: bool = True) -> tuple[int, dict]:
    """Answer one call. ``headers``: a case-insensitive mapping (Django's ``request.headers``) or a dict with
    lower-case keys."""
    handler = OPERATIONS.get(operation)
    if handler is None:
        return 404, p.answer(p.FAIL, error_code=p.ERROR_NOT_FOUND, error_desc=f"Không có dịch vụ {operation}")
    system_id, secret = headers.get(p.HEADER_SYSTEM_ID, ""), headers.get(p.HEADER_SECRET, "")
    if not system_id or system_id != settings.EXCHANGE_LGSP_SYSTEM_ID or secret != settings.EXCHANGE_LGSP_SECRET:
        return 401, p.answer(p.FAIL, error_code=p.ERROR_AUTH, error_desc="Sai mã hệ thống (systemid) hoặc khóa bí mật")
    organ_id = headers.get(p.HEADER_FROM, "")
    try:
        validate_organ_id(organ_id)
    except ValidationError:
        return 400, _bad(f"Thiếu hoặc sai mã định danh trong header {p.HEADER_FROM!r}: {organ_id!r}")
    failure = _draw() if failures else ""
    if failure == "http":
        return 503, p.answer(p.FAIL, error_code=p.ERROR_BUSY, error_desc="Service Unavailable")
    if failure == "busy":
        return 200, p.answer(p.FAIL, error_code=p.ERROR_BUSY, error_desc="Hệ thống đang bận, vui lòng thử lại sau")
    status, data = handler(organ_id, headers, body)
    if failure == "late":  # applied, but the answer comes after the client gave up
        time.sleep(settings.EXCHANGE_TIMEOUT_SECONDS + 0.3)
    return status, data


def _bad(text: str) -> dict:
    return p.answer(p.FAIL, error_code=p.ERROR_BAD_REQUEST, error_desc=text)


def _send(organ_id, headers, body) -> tuple[int, dict]:
    if len(body) > settings.EXCHANGE_MAX_MESSAGE_BYTES:
        return 413, _bad("Gói tin quá lớn")
    try:
        message = edxml.parse(body)
    except edxml.EdxmlError as exc:
        return 400, _bad("edXML không đọc được: " + "; ".join(f"{i.path}: {i.message}" for i in exc.problems))
    if message.sender_id != organ_id:
        return 400, _bad(f"Header {p.HEADER_FROM!r} ({organ_id}) khác nơi gửi trong gói tin ({message.sender_id})")
    message_type = (headers.get(p.HEADER_MESSAGE_TYPE, "") or p.EDOC).lower()
    if message_type not in p.MESSAGE_TYPES:
        return 400, _bad(f"messagetype không hợp lệ: {message_type!r}")
    receivers = [code.strip() for code in headers.get(p.HEADER_TO, "").split(",") if code.strip()]
    if not receivers:
        if isinstance(message, edxml.StatusMessage):
            receivers = [message.status.response_for.organ_id] if message.status.response_for else []
        else:
            receivers = [organ.organ_id for organ in message.header.to]
    if not receivers:
        return 400, _bad("Gói tin không có nơi nhận")
    for code in receivers:
        try:
            validate_organ_id(code)
        except ValidationError:
            return 400, _bad(f"Mã định danh nơi nhận không hợp lệ: {code!r}")
    ids = [enqueue(body, sender=organ_id, receiver=code, message_type=message_type) for code in receivers]
    return 200, p.answer(DocId=ids[0], DocIds=ids)


def _list(organ_id, headers, body) -> tuple[int, dict]:
    message_type = headers.get(p.HEADER_MESSAGE_TYPE, "").lower()
    rows = [
        row
        for row in packets(organ_id, states=("new", p.PROCESSING))
        if row.message_type == message_type or not message_type
    ]
    data = [p.ListedEdoc(row.lgsp_id, row.sender, row.message_type, row.created_at).to_json() for row in rows]
    return 200, p.answer(data=data)


def _get(organ_id, headers, body) -> tuple[int, dict]:
    row = find(headers.get(p.HEADER_DOC_ID, ""), organ_id)
    if row is None:
        return 404, p.answer(p.FAIL, error_code=p.ERROR_NOT_FOUND, error_desc="Không tìm thấy gói tin")
    return 200, p.answer(data=base64.b64encode(row.body).decode("ascii"))


def _update(organ_id, headers, body) -> tuple[int, dict]:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return 400, _bad("Dữ liệu không phải JSON")
    doc_id = str(data.get("docId") or headers.get(p.HEADER_DOC_ID, ""))
    status = str(data.get("status") or "")
    if status not in p.ACK_STATUSES:
        return 400, _bad(f"status phải là một trong {', '.join(p.ACK_STATUSES)}")
    row = find(doc_id, organ_id)
    if row is None:
        return 404, p.answer(p.FAIL, error_code=p.ERROR_NOT_FOUND, error_desc="Không tìm thấy gói tin")
    row.state, row.description = status, str(data.get("description") or "")[:2000]
    _save(row)
    return 200, p.answer()


OPERATIONS = {p.SEND: _send, p.LIST: _list, p.GET: _get, p.UPDATE: _update}


# --- the HTTP face ---------------------------------------------------------------------------------------


@csrf_exempt
def endpoint(request, operation: str):
    if not settings.EXCHANGE_LGSP_SIMULATOR:
        raise Http404
    if settings.EXCHANGE_LGSP_SIMULATOR_DELAY_MS > 0:
        time.sleep(settings.EXCHANGE_LGSP_SIMULATOR_DELAY_MS / 1000)
    if request.method not in ("GET", "POST"):
        return JsonResponse(_bad("Chỉ nhận GET hoặc POST"), status=405)
    status, data = handle(operation, request.headers, request.body)
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


class LocalClient:
    """The simulator called in-process, without HTTP (the demo loader, before its web server runs). Always
    with the configured system id and secret, and without the failure knobs."""

    def _call(self, operation: str, headers: dict, body: bytes = b"") -> dict:
        auth = {p.HEADER_SYSTEM_ID: settings.EXCHANGE_LGSP_SYSTEM_ID, p.HEADER_SECRET: settings.EXCHANGE_LGSP_SECRET}
        status, data = handle(operation, {**auth, **headers}, body, failures=False)
        if status != 200 or data.get("status") != p.OK:
            raise LgspError("rejected", f"{operation}: {data.get('ErrorCode')} {data.get('ErrorDesc')}")
        return data

    def send(self, body, *, sender, receivers, message_type):
        headers = {p.HEADER_FROM: sender, p.HEADER_TO: ",".join(receivers), p.HEADER_MESSAGE_TYPE: message_type}
        return self._call(p.SEND, headers, body)["DocId"]

    def received(self, organ_id, message_type):
        data = self._call(p.LIST, {p.HEADER_FROM: organ_id, p.HEADER_MESSAGE_TYPE: message_type})["data"]
        return [p.ListedEdoc.from_json(row) for row in data]

    def fetch(self, doc_id, *, organ_id):
        return base64.b64decode(self._call(p.GET, {p.HEADER_FROM: organ_id, p.HEADER_DOC_ID: doc_id})["data"])

    def update_status(self, doc_id, status, *, organ_id, description=""):
        body = json.dumps({"docId": doc_id, "status": status, "description": description}).encode()
        self._call(p.UPDATE, {p.HEADER_FROM: organ_id, p.HEADER_DOC_ID: doc_id}, body)


CLIENTS.register("local-simulator", LocalClient)
