"""A local DVCQG for the demo and the tests, served at ``/mo-phong/dvcqg/`` when ``DVCQG_SIMULATOR`` is on.

Protocol-faithful to ``client.py``: a session token from the auth endpoint (signed, one hour), every service
on one endpoint, ``error_code`` "00" for accepted, "01" for a bad session, "99" for a busy portal. Knobs for
tests: ``DVCQG_SIMULATOR_FAILURE_RATE`` (0..1: a call fails with HTTP 503, error_code "99", or is applied and
then answered too late for the client, i.e. a lost answer), ``DVCQG_SIMULATOR_DELAY_MS`` (every answer waits)
and ``DVCQG_SIMULATOR_SEED`` (the failures are drawn from a seeded generator: same calls, same failures).

Its catalogue is derived from our own procedures (so that the mapping has something to find): three in
four keep their code (one in eight of those with another fee), every fourth gets another code and a
reworded name (found by name similarity), every eighth is missing from the national catalogue.
"""

import base64
import io
import json
import random
import threading
import time

from django.conf import settings
from django.core import signing
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import SimCall, SimDossier
from .protocol import ACCEPTED, format_date

SALT = "egov.dvcqg.simulator"
SESSION_MAX_AGE = 3600
_rng_lock = threading.Lock()
_rng_state: dict = {"seed": None, "rng": None}


def _rng() -> random.Random:
    seed = settings.DVCQG_SIMULATOR_SEED
    if _rng_state["seed"] != seed:
        _rng_state.update(seed=seed, rng=random.Random(seed))
    return _rng_state["rng"]


def reset(seed: int | None = None) -> None:
    """Start the failure generator again (tests): the same calls then meet the same failures."""
    with _rng_lock:
        _rng_state.update(seed=None, rng=None)
        if seed is not None:
            _rng_state.update(seed=seed, rng=random.Random(seed))


def _draw() -> str:
    """ "" (answer normally) or the failure for this call: "http", "busy" or "late"."""
    rate = settings.DVCQG_SIMULATOR_FAILURE_RATE
    if rate <= 0:
        return ""
    with _rng_lock:
        rng = _rng()
        if rng.random() >= rate:
            return ""
        return rng.choice(("http", "busy", "late"))


def _answer(error_code=ACCEPTED, message="Thành công", result=None, status=200):
    return JsonResponse(
        {"error_code": error_code, "message": message, "result": result},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _enabled():
    if not settings.DVCQG_SIMULATOR:
        raise Http404


def _slow():
    delay = settings.DVCQG_SIMULATOR_DELAY_MS
    if delay > 0:
        time.sleep(delay / 1000)


@csrf_exempt
@require_POST
def auth(request):
    _enabled()
    _slow()
    try:
        body = json.loads(request.body)
    except ValueError:
        return _answer("98", "Dữ liệu không hợp lệ", status=400)
    if body.get("username") != settings.DVCQG_USERNAME or body.get("password") != settings.DVCQG_PASSWORD:
        return _answer("02", "Sai tài khoản hoặc mật khẩu")
    token = signing.dumps({"u": body["username"], "d": body.get("madonvi", "")}, salt=SALT)
    return JsonResponse(
        {"error_code": ACCEPTED, "message": "Thành công", "session": token, "expires_in": SESSION_MAX_AGE}
    )


@csrf_exempt
@require_POST
def api(request):
    _enabled()
    _slow()
    try:
        body = json.loads(request.body)
    except ValueError:
        return _answer("98", "Dữ liệu không hợp lệ", status=400)
    try:
        signing.loads(body.get("session", ""), salt=SALT, max_age=SESSION_MAX_AGE)
    except signing.BadSignature:
        return _answer("01", "Phiên làm việc không hợp lệ hoặc đã hết hạn")
    service = body.get("service", "")
    handler = SERVICES.get(service)
    if handler is None:
        return _answer("97", f"Không có dịch vụ {service}")
    failure = _draw() if service in WRITES else ""
    if failure == "http":
        return _answer("99", "Service Unavailable", status=503)
    if failure == "busy":
        return _answer("99", "Hệ thống đang bận, vui lòng thử lại sau")
    response = handler(body)
    if failure == "late":  # applied, but the answer comes after the client gave up
        time.sleep(settings.DVCQG_TIMEOUT_SECONDS + 0.2)
    return response


# --- services --------------------------------------------------------------------------------------------


def catalogue() -> list[dict]:
    """The simulated national catalogue (see the module docstring)."""
    from egov.procedures.models import Procedure

    rows = []
    procedures = (
        Procedure.objects.filter(is_active=True)
        .select_related("sector")
        .prefetch_related("fees", "required_documents", "agencies")
    )
    for i, p in enumerate(procedures.order_by("code")):
        if i % 8 == 7:
            continue
        renamed = i % 4 == 3
        fee = sum(int(f.amount or 0) for f in p.fees.all())
        if i % 8 == 1:
            fee = fee * 2 + 50000
        rows.append(
            {
                "MaTTHC": f"2.{i + 1:06d}.QG" if renamed else p.code,
                "TENTTHC": (f"Thủ tục {p.name.lower()}" if renamed else p.name),
                "LINHVUCTHUCHIEN": [{"MALINHVUC": p.sector.code, "TENLINHVUC": p.sector.name}],
                "CACHTHUCTHUCHIEN": [
                    {
                        "KENH": "1",
                        "THOIGIAN": f"{p.processing_time.normalize():f} {p.get_time_unit_display()}",
                        "PHILEPHI": [{"MAPHILEPHI": "LP", "SOTIEN": str(fee)}] if fee else [],
                    }
                ],
                "THANHPHANHOSO": [
                    {"GIAYTO": [{"MAGIAYTO": f"GT{d.pk}", "TENGIAYTO": d.name, "TENMAUDON": "", "URL": ""}]}
                    for d in p.required_documents.all()
                ],
                "COQUANTHUCHIEN": [{"TENCOQUAN": a.name} for a in p.agencies.all()],
                "CANCUPHAPLY": [{"SOVANBAN": line} for line in p.legal_basis.splitlines() if line.strip()][:5],
            }
        )
    return rows


def _list_procedures(body):
    return _answer(result=[{"MaTTHC": r["MaTTHC"], "TENTTHC": r["TENTTHC"]} for r in catalogue()])


def _get_procedure(body):
    code = body.get("maTTHC", "")
    found = next((r for r in catalogue() if r["MaTTHC"] == code), None)
    return _answer(result=found) if found else _answer("04", "Không tìm thấy thủ tục")


def _new_dossiers(body):
    taken = SimCall.objects.values("ma_ho_so")
    rows = SimDossier.objects.filter(status=1).exclude(ma_ho_so__in=taken)
    return _answer(result=[{"MaHoSo": d.ma_ho_so, "NgayNop": d.data.get("NgayNop", "")} for d in rows])


def _get_dossier(body):
    found = SimDossier.objects.filter(ma_ho_so=body.get("MaHoSo", "")).first()
    if found is None:
        return _answer("04", "Không tìm thấy hồ sơ")
    data = {k: v for k, v in found.data.items() if k != "_files"}
    return _answer(result=data)


def _get_file(body):
    file_id = body.get("TepDinhKemId", "")
    found = SimDossier.objects.filter(ma_ho_so=file_id.rsplit("-TP", 1)[0]).first()
    content = found.data.get("_files", {}).get(file_id) if found else None
    if not content:
        return _answer("04", "Không tìm thấy tệp")
    return _answer(result={"TenTep": f"{file_id}.pdf", "LoaiTep": "application/pdf", "NoiDung": content})


def _ratings(body):
    rows = SimDossier.objects.filter(rating__isnull=False)
    return _answer(result=[{"MaHoSo": d.ma_ho_so, "DiemDanhGia": d.rating, "NoiDung": ""} for d in rows])


def _status(body):
    found = SimDossier.objects.filter(ma_ho_so=body.get("MaHoSo", "")).first()
    if found is None:
        return _answer("04", "Không tìm thấy hồ sơ")
    return _answer(result={"MaHoSo": found.ma_ho_so, "TrangThaiHoSo": str(found.status)})


def _sync_dossier(body):
    for item in body.get("data") or []:
        ma, status = item.get("MaHoSo", ""), int(item.get("TrangThaiHoSo") or 0)
        if not ma or not 1 <= status <= 10:
            return _answer("03", "Thiếu MaHoSo hoặc TrangThaiHoSo không hợp lệ")
        SimCall.objects.create(service="DongBoHoSoMC", ma_ho_so=ma, status=status, payload=item)
        sim, _ = SimDossier.objects.get_or_create(ma_ho_so=ma, defaults={"data": {"MaHoSo": ma}, "status": status})
        sim.status, sim.updated_at = status, timezone.now()
        sim.save(update_fields=["status", "updated_at"])
    return _answer()


def _sync_progress(body):
    for item in body.get("data") or []:
        if not item.get("MaHoSo") or not item.get("ThoiDiemXuLy"):
            return _answer("03", "Thiếu MaHoSo hoặc ThoiDiemXuLy")
        SimCall.objects.create(
            service="CapNhatTienDoHoSoMC", ma_ho_so=item["MaHoSo"], status=int(item.get("TrangThai") or 0), payload=item
        )
    return _answer()


SERVICES = {
    "LayDanhSachTTHC": _list_procedures,
    "LayThuTuc": _get_procedure,
    "LayDanhSachHoSoMoi": _new_dossiers,
    "LayHoSo": _get_dossier,
    "LayTepDinhKem": _get_file,
    "LayDanhSachDanhGia": _ratings,
    "TraCuuHoSo": _status,
    "DongBoHoSoMC": _sync_dossier,
    "CapNhatTienDoHoSoMC": _sync_progress,
}
WRITES = {"DongBoHoSoMC", "CapNhatTienDoHoSoMC"}


# --- filing dossiers on the simulated portal (demo, tests) ----------------------------------------------


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 760, text[:90])
    page.showPage()
    page.save()
    return out.getvalue()


def file_dossier(procedure, *, ma_ho_so: str, applicant: dict, national_code: str = "", fee_paid: int = 0, now=None):
    """A citizen files ``procedure`` on the simulated portal: one PDF per required paper, fee paid online."""
    now = now or timezone.now()
    files, papers = {}, []
    for doc in procedure.required_documents.all():
        file_id = f"{ma_ho_so}-TP{doc.pk}"
        files[file_id] = base64.b64encode(_pdf(f"{doc.name} ({ma_ho_so})")).decode()
        papers.append(
            {
                "MaThanhPhanHoSo": f"GT{doc.pk}",
                "TenThanhPhanHoSo": doc.name,
                "TepDinhKemId": file_id,
                "TenTep": f"{file_id}.pdf",
            }
        )
    data = {
        "MaHoSo": ma_ho_so,
        "MaTTHC": national_code or procedure.code,
        "TenTTHC": procedure.name,
        "NgayNop": format_date(now),
        "ChuHoSo": applicant.get("name", ""),
        "MaDoiTuong": applicant.get("id_number", ""),
        "SoDienThoai": applicant.get("phone", ""),
        "Email": applicant.get("email", ""),
        "DiaChi": applicant.get("address", ""),
        "TaiLieuNop": papers,
        "DanhSachLePhi": [
            {"TenPhiLePhi": "Phí, lệ phí", "Gia": str(fee_paid), "DaThanhToan": True, "MaGiaoDich": f"PG-{ma_ho_so}"}
        ]
        if fee_paid
        else [],
        "_files": files,
    }
    sim, _ = SimDossier.objects.update_or_create(ma_ho_so=ma_ho_so, defaults={"data": data, "status": 1})
    return sim


class LocalClient:
    """The simulator called in-process, without HTTP (the demo loader, before the web server runs)."""

    def call(self, service: str, **params):
        from .client import Answer, PortalError

        response = SERVICES[service](params)
        decoded = json.loads(response.content)
        if decoded.get("error_code") != ACCEPTED:
            raise PortalError(
                "rejected", f"{service}: error_code {decoded.get('error_code')}", answer=response.content.decode()
            )
        return Answer(result=decoded.get("result"), raw=response.content.decode())

    def list_procedures(self):
        return self.call("LayDanhSachTTHC").result

    def get_procedure(self, code):
        return self.call("LayThuTuc", maTTHC=code).result

    def list_new_dossiers(self):
        return self.call("LayDanhSachHoSoMoi").result

    def get_dossier(self, ma_ho_so):
        return self.call("LayHoSo", MaHoSo=ma_ho_so).result

    def get_file(self, file_id):
        result = self.call("LayTepDinhKem", TepDinhKemId=file_id).result
        return result["TenTep"], result["LoaiTep"], base64.b64decode(result["NoiDung"])

    def list_ratings(self):
        return self.call("LayDanhSachDanhGia").result

    def sync_dossier(self, payload):
        return self.call("DongBoHoSoMC", data=[payload])

    def sync_progress(self, payload):
        return self.call("CapNhatTienDoHoSoMC", data=[payload])

    def dossier_status(self, ma_ho_so):
        return int(self.call("TraCuuHoSo", MaHoSo=ma_ho_so).result["TrangThaiHoSo"])
