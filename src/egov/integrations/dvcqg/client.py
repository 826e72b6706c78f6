"""How egov talks to DVCQG: a typed interface (``NationalPortalClient``) and its HTTP implementation.

The wire format (unverified against the real portal, see docs/dvcqg.md): the session token comes from the
auth endpoint (``POST {"username", "password", "madonvi"}`` → ``{"error_code": "00", "session": ...}``);
every service is a ``POST`` of a JSON body ``{"session", "madonvi", "service": <name>, ...}`` to the
service endpoint, answered with ``{"error_code": "00" | other, "message", "result"}``. A session that
expired (error_code "01") is renewed once, transparently.
"""

import base64
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from django.conf import settings

from egov.core.registry import Registry

from .protocol import ACCEPTED

SESSION_EXPIRED = "01"
ANSWER_MAX_CHARS = 2000


class PortalError(RuntimeError):
    """A call that DVCQG did not accept: ``cause`` is one of network, timeout, http, rejected, format."""

    def __init__(self, cause: str, message: str, *, http_status=None, error_code: str = "", answer: str = ""):
        super().__init__(message)
        self.cause = cause
        self.http_status = http_status
        self.error_code = error_code
        self.answer = answer[:ANSWER_MAX_CHARS]


@dataclass
class Answer:
    """An accepted answer: its ``result`` and the raw text (kept with each sync attempt)."""

    result: object = None
    raw: str = ""
    http_status: int = 200
    error_code: str = ACCEPTED
    extra: dict = field(default_factory=dict)


@runtime_checkable
class NationalPortalClient(Protocol):
    """Everything egov asks of the national portal."""

    def list_procedures(self) -> list[dict]:
        """``LayDanhSachTTHC``: the catalogue (MaTTHC, TENTTHC...)."""

    def get_procedure(self, code: str) -> dict:
        """``LayThuTuc``: one procedure with LINHVUCTHUCHIEN, CACHTHUCTHUCHIEN, THANHPHANHOSO..."""

    def list_new_dossiers(self) -> list[dict]:
        """``LayDanhSachHoSoMoi``: national dossiers filed for this province and not yet taken (MaHoSo...)."""

    def get_dossier(self, ma_ho_so: str) -> dict:
        """``LayHoSo``: one national dossier with its applicant, papers (MaThanhPhanHoSo, file ids) and fees."""

    def get_file(self, file_id: str) -> tuple[str, str, bytes]:
        """``LayTepDinhKem``: (file name, content type, content) of a paper's file."""

    def list_ratings(self) -> list[dict]:
        """``LayDanhSachDanhGia``: satisfaction ratings given on DVCQG (MaHoSo, DiemDanhGia, NoiDung)."""

    def sync_dossier(self, payload: dict) -> Answer:
        """``DongBoHoSoMC``: the whole dossier (status 1–10); raises ``PortalError`` unless error_code "00"."""

    def sync_progress(self, payload: dict) -> Answer:
        """``CapNhatTienDoHoSoMC``: one handling step."""

    def dossier_status(self, ma_ho_so: str) -> int | None:
        """``TraCuuHoSo``: the status the national portal holds for a dossier (reconciliation)."""


class HttpNationalPortalClient:
    """The real client: JSON over HTTPS (HTTP allowed to loopback for the simulator)."""

    def __init__(self, *, endpoint=None, auth_endpoint=None, organ_id=None, username=None, password=None, timeout=None):
        self.endpoint = endpoint or settings.DVCQG_ENDPOINT
        self.auth_endpoint = auth_endpoint or settings.DVCQG_AUTH_ENDPOINT
        self.organ_id = organ_id if organ_id is not None else settings.DVCQG_ORGAN_ID
        self.username = username or settings.DVCQG_USERNAME
        self.password = password or settings.DVCQG_PASSWORD
        self._timeout = timeout
        self._session = ""
        self._lock = threading.Lock()

    @property
    def timeout(self) -> float:
        return self._timeout or settings.DVCQG_TIMEOUT_SECONDS

    # --- the interface ---------------------------------------------------------------------------

    def list_procedures(self) -> list[dict]:
        return list(self.call("LayDanhSachTTHC").result or [])

    def get_procedure(self, code: str) -> dict:
        return dict(self.call("LayThuTuc", maTTHC=code).result or {})

    def list_new_dossiers(self) -> list[dict]:
        return list(self.call("LayDanhSachHoSoMoi").result or [])

    def get_dossier(self, ma_ho_so: str) -> dict:
        return dict(self.call("LayHoSo", MaHoSo=ma_ho_so).result or {})

    def get_file(self, file_id: str) -> tuple[str, str, bytes]:
        result = self.call("LayTepDinhKem", TepDinhKemId=file_id).result or {}
        try:
            content = base64.b64decode(result.get("NoiDung", ""), validate=True)
        except (ValueError, TypeError) as exc:
            raise PortalError("format", f"LayTepDinhKem: bad base64 ({exc})") from None
        return result.get("TenTep", f"{file_id}.pdf"), result.get("LoaiTep", "application/pdf"), content

    def list_ratings(self) -> list[dict]:
        return list(self.call("LayDanhSachDanhGia").result or [])

    def sync_dossier(self, payload: dict) -> Answer:
        return self.call("DongBoHoSoMC", data=[payload])

    def sync_progress(self, payload: dict) -> Answer:
        return self.call("CapNhatTienDoHoSoMC", data=[payload])

    def dossier_status(self, ma_ho_so: str) -> int | None:
        result = self.call("TraCuuHoSo", MaHoSo=ma_ho_so).result or {}
        value = result.get("TrangThaiHoSo")
        return int(value) if value not in (None, "") else None

    # --- the wire --------------------------------------------------------------------------------

    def call(self, service: str, **params) -> Answer:
        for renewed in (False, True):
            session = self.session(renew=renewed)
            answer = self._post(
                self.endpoint, {"session": session, "madonvi": self.organ_id, "service": service, **params}
            )
            if answer.error_code == SESSION_EXPIRED and not renewed:
                continue
            if answer.error_code != ACCEPTED:
                raise PortalError(
                    "rejected",
                    f"{service}: error_code {answer.error_code}: {answer.extra.get('message', '')}",
                    http_status=answer.http_status,
                    error_code=answer.error_code,
                    answer=answer.raw,
                )
            return answer
        raise AssertionError("unreachable")

    def session(self, *, renew: bool = False) -> str:
        with self._lock:
            if renew or not self._session:
                answer = self._post(
                    self.auth_endpoint,
                    {"username": self.username, "password": self.password, "madonvi": self.organ_id},
                )
                if answer.error_code != ACCEPTED or not answer.extra.get("session"):
                    raise PortalError(
                        "session", "cannot open a DVCQG session", error_code=answer.error_code, answer=answer.raw
                    )
                self._session = answer.extra["session"]
            return self._session

    def _post(self, url: str, body: dict) -> Answer:
        data = json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                status, raw = response.status, response.read(16 * 1024 * 1024).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            raw = exc.read(ANSWER_MAX_CHARS).decode("utf-8", "replace")
            raise PortalError("http", f"HTTP {exc.code} from DVCQG", http_status=exc.code, answer=raw) from None
        except TimeoutError:
            raise PortalError("timeout", f"no answer from DVCQG within {self.timeout}s") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            cause = "timeout" if isinstance(reason, TimeoutError) else "network"
            raise PortalError(cause, f"cannot reach DVCQG: {reason}") from None
        try:
            decoded = json.loads(raw)
        except ValueError:
            raise PortalError(
                "format", "DVCQG answered something that is not JSON", http_status=status, answer=raw
            ) from None
        if not isinstance(decoded, dict):
            raise PortalError("format", "DVCQG answered an unexpected JSON value", http_status=status, answer=raw)
        extra = {k: v for k, v in decoded.items() if k not in ("result", "error_code")}
        extra["elapsed_ms"] = int((time.monotonic() - started) * 1000)
        return Answer(
            result=decoded.get("result"),
            raw=raw[:ANSWER_MAX_CHARS],
            http_status=status,
            error_code=str(decoded.get("error_code", "")),
            extra=extra,
        )


# Client factories by name (``EGOV_DVCQG_CLIENT``): "http" (the real protocol, also used against the simulator
# over HTTP) and "local-simulator" (the simulator in-process, no HTTP); a province may register its own.
CLIENTS: Registry[Callable[[], NationalPortalClient]] = Registry(
    "national portal clients", enabled=lambda: [settings.DVCQG_CLIENT] if settings.DVCQG_ENABLED else []
)
CLIENTS.register("http", HttpNationalPortalClient)

_client: NationalPortalClient | None = None
_client_lock = threading.Lock()


def get_client() -> NationalPortalClient:
    """The configured client (one per process: it keeps the session token)."""
    global _client
    with _client_lock:
        if _client is None:
            _client = CLIENTS.get(settings.DVCQG_CLIENT)()
        return _client


def set_client(client: NationalPortalClient | None) -> None:
    """Replace the client (tests, the bench); None goes back to the configured one."""
    global _client
    with _client_lock:
        _client = client
