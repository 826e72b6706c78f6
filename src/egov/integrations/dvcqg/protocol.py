"""The DVCQG message formats: dates, codes and the two sync payloads (``DongBoHoSoMC``,
``CapNhatTienDoHoSoMC``) built from a dossier and one of its events.

Field names follow public implementations of the national portal's interface; value lists that are not
confirmed from an official text (``HINH_THUC``, ``LOAI_DOI_TUONG``) are data here, easy to change.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

ACCEPTED = "00"  # error_code of an accepted call
DATE_FORMAT = "%Y%m%d%H%M%S"
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Our channel → HinhThuc (how the dossier was filed) (unverified codes; the label is the national one).
HINH_THUC = {
    "desk": ("0", "Trực tiếp"),
    "online": ("1", "Trực tuyến"),
    "dvcqg": ("1", "Trực tuyến"),
    "post": ("2", "Nộp qua bưu chính công ích"),
}
# Applicant kind (LoaiDoiTuong): 1 citizen, 2 organisation (unverified).
CITIZEN, ORGANISATION = "1", "2"


def format_date(value: datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time; "" for no date."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, VN)
    return value.astimezone(VN).strftime(DATE_FORMAT)


def parse_date(value: str | None) -> datetime | None:
    """A ``yyyyMMddHHmmss`` Vietnam time as an aware datetime; None for empty or malformed."""
    if not value:
        return None
    try:
        return datetime.strptime(str(value)[:14], DATE_FORMAT).replace(tzinfo=VN)
    except ValueError:
        return None


def applicant_kind(id_number: str) -> str:
    """12-digit personal ID → citizen; a tax code (10 or 13 characters) → organisation."""
    digits = (id_number or "").replace("-", "")
    return ORGANISATION if digits and len(digits) in (10, 13) else CITIZEN


def ma_ho_so(dossier, national=None) -> str:
    """The national dossier code: the one DVCQG gave, else our own code (desk and post dossiers)."""
    return national.ma_ho_so if national is not None else (dossier.code or "")


def dossier_payload(dossier, *, event_payload: dict, national=None, national_code: str = "", postal=None) -> dict:
    """``DongBoHoSoMC`` for the dossier as it was when the event happened (status and appointment from the
    event; identity, papers and results from the dossier)."""
    status = int(event_payload.get("national_status") or dossier.national_status)
    due = event_payload.get("due_at")
    due_at = datetime.fromisoformat(due) if due else dossier.due_at
    hinh_thuc, hinh_thuc_label = HINH_THUC.get(dossier.channel, HINH_THUC["desk"])
    finished = dossier.result_at or dossier.closed_at if status >= 9 or status in (3, 7, 8) else None
    papers = list(dossier.papers.all())
    codes = _paper_codes(national)
    payload = {
        "MaHoSo": ma_ho_so(dossier, national),
        "MaTTHC": national_code or dossier.procedure.code,
        "TenTTHC": dossier.procedure.name,
        "SoBienNhan": dossier.code or "",
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": applicant_kind(dossier.applicant_id_number),
        "MaDoiTuong": dossier.applicant_id_number,
        "DiaChi": dossier.applicant_address,
        "SoDienThoai": dossier.applicant_phone,
        "Email": dossier.applicant_email,
        "TrichYeuHoSo": f"{dossier.procedure.name} — {dossier.applicant_name}"[:500],
        "NgayTiepNhan": format_date(dossier.received_at),
        "NgayHenTra": format_date(due_at),
        "TrangThaiHoSo": str(status),
        "NgayTra": format_date(dossier.returned_at) if status == 10 else "",
        "ThongTinTra": "",
        "HinhThuc": hinh_thuc,
        "TenHinhThuc": hinh_thuc_label,
        "NgayKetThucXuLy": format_date(finished),
        "DonViXuLy": dossier.handling_agency.name,
        "MaDonViXuLy": dossier.handling_agency.code,
        "TaiLieuNop": [
            {
                "TepDinhKemId": str(p.attachment_id or ""),
                "TenTepDinhKem": p.name,
                "DuongDanTaiTepTin": "",
                "MaThanhPhanHoSo": codes.get(p.pk, ""),
                "IsDeleted": False,
            }
            for p in papers
        ],
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": "Phí, lệ phí",
                "MaPhiLePhi": "",
                "HinhThucThu": "1" if national is not None and national.fee_paid_nationally else "0",
                "Gia": str(int(dossier.fee_total or 0)),
                "LoaiPhiLePhi": "1",
                "DaThanhToan": dossier.fee_paid,
            }
        ]
        if dossier.fee_total
        else [],
        "DanhSachHoSoBoSung": [
            {"NgayBoSung": format_date(p.added_at), "TenGiayTo": p.name} for p in papers if p.is_supplement
        ],
        "DanhSachGiayToKetQua": [
            {"TenGiayTo": r.title, "MaGiayToKetQua": r.code, "NgayCap": format_date(r.issued_at)}
            for r in (dossier.results.all() if status >= 9 else [])
        ]
        if status >= 9
        else [],
    }
    if postal:
        payload.update(postal)
    return payload


def _paper_codes(national) -> dict:
    if national is None:
        return {}
    return dict(national.papers.values_list("paper_id", "code"))


def progress_payload(dossier, handover, *, status: int, national=None, labels: dict | None = None) -> dict:
    """``CapNhatTienDoHoSoMC`` for one handling step (a row of the control slip)."""
    actor = handover.actor
    official = getattr(actor, "official", None) if actor is not None else None
    unit = handover.to_unit or handover.from_unit
    content = (labels or {}).get(handover.action, handover.action)
    if handover.note:
        content = f"{content}: {handover.note}"
    return {
        "MaHoSo": ma_ho_so(dossier, national),
        "NguoiXuLy": (getattr(actor, "full_name", "") or getattr(actor, "username", "")) if actor else "Hệ thống",
        "ChucDanh": str(getattr(official, "position", "") or "") if official else "",
        "ThoiDiemXuLy": format_date(handover.at),
        "PhongBanXuLy": unit.name if unit else "",
        "NoiDungXuLy": content[:1000],
        "TrangThai": str(status),
        "NgayBatDau": format_date(handover.at),
        "NgayKetThucTheoQuyDinh": format_date(handover.step_due_at or dossier.due_at),
    }
