"""Taking in dossiers filed on DVCQG, polled or pushed: each national ``MaHoSo`` becomes one local dossier
(channel DVCQG, waiting for an officer to accept it), however many times it is seen.

The dossier is created by ``dossiers.services.submit_online`` in the same transaction as the
``NationalDossier`` row whose ``ma_ho_so`` is unique: a second poll or a push of the same dossier finds
the row (or hits the constraint and rolls back), so it is never taken in twice.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F

from egov.agencies.models import Agency
from egov.attachments.services import store_upload
from egov.dossiers import services as dossier_services
from egov.dossiers.models import Channel
from egov.procedures.models import Procedure, RequiredDocument

from .client import NationalPortalClient, PortalError, get_client
from .models import NationalDossier, NationalPaper, ProcedureMapping
from .protocol import parse_date

logger = logging.getLogger(__name__)


class IntakeError(ValueError):
    """A national dossier that cannot be taken in (unknown procedure, no receiving agency...)."""


@dataclass
class PollResult:
    seen: int = 0
    created: int = 0
    failed: int = 0


def receiving_agency() -> Agency:
    code = settings.DVCQG_RECEIVING_AGENCY
    agency = Agency.objects.filter(code=code).first() if code else None
    if agency is None:
        agency = (
            Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTER, parent__parent__isnull=True).order_by("code").first()
        )
    if agency is None:
        raise IntakeError("no receiving agency: set EGOV_DVCQG_RECEIVING_AGENCY")
    return agency


def local_procedure(national_code: str) -> Procedure:
    """Our procedure for a national code: a settled mapping, else the same code."""
    mapping = (
        ProcedureMapping.objects.filter(national__code=national_code, state__in=["auto", "confirmed"])
        .select_related("procedure")
        .first()
    )
    procedure = mapping.procedure if mapping else Procedure.objects.filter(code=national_code).first()
    if procedure is None:
        raise IntakeError(f"national procedure {national_code} is not mapped to a local procedure")
    return procedure


def take_in(data: dict, *, via: str, client: NationalPortalClient | None = None) -> tuple[NationalDossier, bool]:
    """Make one local dossier of a national dossier (``LayHoSo`` data); (row, created)."""
    ma = str(data.get("MaHoSo") or "").strip()
    if not ma:
        raise IntakeError("MaHoSo missing")
    existing = _seen_again(ma)
    if existing is not None:
        return existing, False
    client = client or get_client()
    procedure = local_procedure(str(data.get("MaTTHC") or ""))
    agency = receiving_agency()
    papers = _papers(data, procedure, agency, client)  # files fetched before the transaction (network)
    fee, reference = _fees(data)
    intake = dossier_services.Intake(
        procedure=procedure,
        applicant=dossier_services.Applicant(
            name=str(data.get("ChuHoSo") or ""),
            id_number=str(data.get("MaDoiTuong") or "")[:20],
            phone=str(data.get("SoDienThoai") or "")[:20],
            email=str(data.get("Email") or ""),
            address=str(data.get("DiaChi") or "")[:300],
        ),
        papers=[paper for paper, _code in papers],
        fee_paid=fee > 0,
        application_data={"dvcqg": {"MaHoSo": ma, "MaTTHC": data.get("MaTTHC", "")}},
    )
    try:
        with transaction.atomic():
            row = NationalDossier.objects.create(
                ma_ho_so=ma, via=via, fee_paid_nationally=fee, payment_reference=reference, raw=_clean(data)
            )
            dossier = dossier_services.submit_online(
                intake,
                applicant_user=None,
                receiving_agency=agency,
                now=parse_date(data.get("NgayNop")),
                channel=Channel.DVCQG,
            )
            row.dossier = dossier
            row.save(update_fields=["dossier"])
            stored = list(dossier.papers.order_by("id"))
            NationalPaper.objects.bulk_create(
                NationalPaper(national_dossier=row, paper=paper, code=code)
                for paper, (_p, code) in zip(stored, papers, strict=True)
            )
    except IntegrityError:
        existing = _seen_again(ma)
        if existing is None:
            raise
        return existing, False
    logger.info("DVCQG dossier %s taken in as dossier %s (%s)", ma, dossier.pk, via)
    return row, True


def _seen_again(ma: str) -> NationalDossier | None:
    existing = NationalDossier.objects.filter(ma_ho_so=ma).first()
    if existing is not None:
        NationalDossier.objects.filter(pk=existing.pk).update(seen_count=F("seen_count") + 1)
    return existing


def _papers(data, procedure, agency, client) -> list:
    """(Paper, MaThanhPhanHoSo) per national paper; a known national code or name picks our required paper."""
    required = list(procedure.required_documents.all())
    out = []
    for item in data.get("TaiLieuNop") or []:
        code = str(item.get("MaThanhPhanHoSo") or "")
        name = str(item.get("TenThanhPhanHoSo") or item.get("TenTep") or code or "Giấy tờ")
        match = next((d for d in required if f"GT{d.pk}" == code or d.name == name), None)
        attachment = None
        file_id = item.get("TepDinhKemId")
        if file_id:
            try:
                file_name, _type, content = client.get_file(str(file_id))
                attachment = store_upload(ContentFile(content, name=file_name), agency=agency)
            except (PortalError, ValidationError) as exc:
                raise IntakeError(f"paper {code} of {data.get('MaHoSo')}: {exc}") from exc
        paper = dossier_services.Paper(
            name=(match.name if match else name)[:500],
            form=RequiredDocument.Form.ELECTRONIC,
            required_document=match,
            attachment=attachment,
        )
        out.append((paper, code))
    return out


def _fees(data) -> tuple[Decimal, str]:
    total, reference = Decimal(0), ""
    for fee in data.get("DanhSachLePhi") or []:
        if not fee.get("DaThanhToan"):
            continue
        try:
            total += Decimal(str(fee.get("Gia") or 0))
        except InvalidOperation:
            continue
        reference = reference or str(fee.get("MaGiaoDich") or "")
    return total, reference


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


def poll(client: NationalPortalClient | None = None) -> PollResult:
    """Fetch the list of new national dossiers and take each in (a failing one does not stop the others)."""
    client = client or get_client()
    result = PollResult()
    for item in client.list_new_dossiers():
        result.seen += 1
        ma = str(item.get("MaHoSo") or "")
        try:
            if _seen_again(ma) is not None:
                continue
            _row, created = take_in(client.get_dossier(ma), via=NationalDossier.Via.POLL, client=client)
            result.created += int(created)
        except (IntakeError, PortalError, ValidationError) as exc:
            result.failed += 1
            logger.warning("DVCQG dossier %s not taken in: %s", ma, exc)
    return result
