"""State changes of the portal: accounts, drafts, submission (exactly once), supplements and ratings."""

import hashlib
import hmac
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts import throttle
from egov.accounts.models import User
from egov.agencies.models import AdministrativeUnit, Agency
from egov.attachments.images import images_to_pdf_capped
from egov.attachments.services import store_upload
from egov.audit.services import record
from egov.core.collation import vi_order
from egov.core.throttle import hit
from egov.dossiers import services as dossier_services
from egov.dossiers.models import Dossier
from egov.dossiers.services import Applicant, Intake, Paper
from egov.dossiers.transitions import Status
from egov.events.services import publish
from egov.notifications.services import send_email, send_sms
from egov.notifications.sms import normalize_phone
from egov.procedures.models import Procedure, RequiredDocument

from .models import ApplicationDraft, CitizenProfile, PaperSignatureCheck, Rating, StoredPaper, VerificationCode

CODE_LIFETIME = timedelta(minutes=15)
MAX_CODE_ATTEMPTS = 5  # wrong guesses per hour, over every code sent in that hour
CODES_PER_HOUR = 3  # codes sent to one sign-up per hour (the first and two resends)
CODE_SEND_WINDOW = timedelta(hours=1)
RATEABLE = frozenset({Status.RESULT_READY, Status.RETURNED})
OTHER_PAPER = "other"


class PortalError(ValidationError):
    """A refused portal request; the message is for the user (Vietnamese)."""


# --- accounts ---------------------------------------------------------------------------------------


def parse_identifier(identifier: str) -> tuple[str, str]:
    """``("email", address)`` or ``("sms", phone)``; ``PortalError`` when it is neither."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        try:
            validate_email(identifier)
        except ValidationError:
            raise PortalError(_("Địa chỉ thư điện tử không hợp lệ."))
        return "email", identifier.lower()
    try:
        return "sms", normalize_phone(identifier)
    except ValidationError:
        raise PortalError(_("Nhập địa chỉ thư điện tử hoặc số điện thoại di động hợp lệ."))


def register_account(
    *, identifier: str, password: str, full_name: str, kind: str = User.Kind.CITIZEN, ip: str | None = None
) -> User:
    """A new citizen/business account, inactive until the code sent to its e-mail or phone is entered."""
    if kind not in (User.Kind.CITIZEN, User.Kind.BUSINESS):
        raise PortalError(_("Loại tài khoản không hợp lệ."))
    channel, contact = parse_identifier(identifier)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username__iexact=contact).first()
        if user is not None and (user.is_active or user.kind == User.Kind.STAFF or user.last_login):
            raise PortalError(_("Đã có tài khoản đăng ký bằng thông tin liên hệ này. Vui lòng đăng nhập."))
        # A sign-up never verified may be started again: the code still goes to the same contact.
        user = user or User(username=contact, is_active=False, is_staff=False)
        user.kind, user.full_name = kind, full_name.strip()
        if channel == "email":
            user.email = contact
        else:
            user.phone = contact
        user.set_password(password)
        user.save()
        CitizenProfile.objects.get_or_create(user=user)
        send_verification_code(user, ip=ip)
        record_event(user, "portal.account_registered")
    return user


def send_verification_code(user, ip: str | None = None) -> VerificationCode:
    """Send a fresh 6-digit code through the e-mail or SMS adapter (the previous codes stop working).

    At most ``CODES_PER_HOUR`` codes per sign-up and, when the client address ``ip`` is given,
    ``settings.PORTAL_CODES_PER_IP_PER_HOUR`` codes per address (whatever the contact) per hour."""
    now = timezone.now()
    recent = VerificationCode.objects.filter(user=user, created_at__gte=now - CODE_SEND_WINDOW)
    if recent.count() >= getattr(settings, "PORTAL_CODES_PER_HOUR", CODES_PER_HOUR):
        raise PortalError(_("Đã gửi quá nhiều mã xác minh đến thông tin liên hệ này. Vui lòng thử lại sau 1 giờ."))
    window = int(CODE_SEND_WINDOW.total_seconds())
    if ip and not hit(f"portal-codes:{ip}", settings.PORTAL_CODES_PER_IP_PER_HOUR, window):
        raise PortalError(_("Đã gửi quá nhiều mã xác minh từ địa chỉ mạng này. Vui lòng thử lại sau 1 giờ."))
    # The wrong guesses made on the codes of the last hour stay counted: a resend brings no fresh guesses.
    spent = recent.aggregate(spent=Max("attempts"))["spent"] or 0
    code = f"{secrets.randbelow(10**6):06d}"
    channel = "email" if user.email else "sms"
    VerificationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    entry = VerificationCode.objects.create(
        user=user, code_hash=_hash(code), channel=channel, expires_at=now + CODE_LIFETIME, attempts=spent
    )
    text = _("Mã xác minh tài khoản Cổng dịch vụ công của bạn là %(code)s (hiệu lực 15 phút).") % {"code": code}
    if channel == "email":
        send_email(to=user.email, subject=_("Mã xác minh tài khoản"), body_text=text, reason="portal_verify")
    else:
        send_sms(phone=user.phone, text=text, reason="portal_verify")
    return entry


def verify_account(user, code: str) -> None:
    """Activate ``user`` if ``code`` is their latest unexpired code (a few attempts only)."""
    with transaction.atomic():
        entry = VerificationCode.objects.select_for_update().filter(user=user, used_at__isnull=True).first()
        if entry is None or entry.expires_at < timezone.now() or entry.attempts >= MAX_CODE_ATTEMPTS:
            error = _("Mã xác minh đã hết hạn. Vui lòng yêu cầu gửi lại mã.")
        elif not hmac.compare_digest(entry.code_hash, _hash((code or "").strip())):
            entry.attempts += 1
            entry.save(update_fields=["attempts"])  # kept: the error is raised after the commit
            error = _("Mã xác minh không đúng.")
        else:
            error = None
            _activate(user, entry)
    if error:
        raise PortalError(error)


def _activate(user, entry: VerificationCode) -> None:
    entry.used_at = timezone.now()
    entry.save(update_fields=["used_at"])
    user.is_active = True
    user.save(update_fields=["is_active"])
    CitizenProfile.objects.update_or_create(user=user, defaults={"is_verified": True})
    record_event(user, "portal.account_verified")


def save_profile(user, *, full_name: str, id_number: str, date_of_birth, address: str) -> CitizenProfile:
    """Save what the citizen declares. An ID number verified by VNeID stays (it is not self-declared), and
    an ID number verified for another account cannot be declared here (one account per ID number)."""
    id_number = (id_number or "").strip()
    if user.verified_id_number and id_number != user.verified_id_number:
        raise PortalError(_("Số định danh đã được xác thực qua VNeID, không thay đổi được."))
    if id_number and User.objects.filter(verified_id_number=id_number).exclude(pk=user.pk).exists():
        raise PortalError(
            _("Số định danh này đã gắn với một tài khoản khác đã xác thực qua VNeID. Vui lòng kiểm tra lại.")
        )
    with transaction.atomic():
        user.full_name = full_name.strip()
        user.save(update_fields=["full_name"])
        profile, _created = CitizenProfile.objects.update_or_create(
            user=user, defaults={"id_number": id_number.strip(), "date_of_birth": date_of_birth, "address": address}
        )
    return profile


def profile_from_identity(user, claims: dict) -> CitizenProfile:
    """Fill the profile from a verified identity provider (VNeID): its ID number and birth date are
    authoritative; the contact counts as verified."""
    from egov.accounts.oidc import id_number_from_claims

    with transaction.atomic():
        profile, _created = CitizenProfile.objects.select_for_update().get_or_create(user=user)
        profile.id_number = id_number_from_claims(claims) or profile.id_number
        profile.date_of_birth = _iso_date(claims.get("birthdate")) or profile.date_of_birth
        profile.is_verified = True
        profile.save()
        record_event(user, "portal.identity_provider_sign_in")
    return profile


def _iso_date(value):
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def record_event(user, action: str, target=None) -> None:
    record(action=action, actor=user, target=target or user)


# --- where to file ----------------------------------------------------------------------------------


def receiving_agencies(procedure: Procedure):
    """Where an online application can be filed: the provincial service centre for a province-level
    procedure; the service centre of each commune that handles it for a commune-level one."""
    centres = Agency.objects.active().filter(kind=Agency.Kind.SERVICE_CENTER).select_related("administrative_unit")
    if procedure.level == Procedure.Level.PROVINCE:
        return centres.filter(administrative_unit__level=AdministrativeUnit.Level.PROVINCE).order_by("path")[:1]
    return centres.filter(
        administrative_unit__level=AdministrativeUnit.Level.COMMUNE, parent__in=procedure.agencies.all()
    ).order_by(vi_order("name"))


# --- drafts -----------------------------------------------------------------------------------------


def start_draft(user, procedure: Procedure) -> ApplicationDraft:
    if not user.is_authenticated or user.is_official:
        raise PortalError(_("Chỉ tài khoản công dân, doanh nghiệp được nộp hồ sơ trực tuyến."))
    if not procedure.is_active or procedure.online_level == Procedure.OnlineLevel.NONE:
        raise PortalError(_("Thủ tục này không được nộp trực tuyến."))
    agencies = list(receiving_agencies(procedure)[:2])
    return ApplicationDraft.objects.create(
        user=user, procedure=procedure, receiving_agency=agencies[0] if len(agencies) == 1 else None
    )


def save_draft_data(draft: ApplicationDraft, *, data: dict, receiving_agency=None) -> ApplicationDraft:
    _check_open(draft)
    draft.data = data
    if receiving_agency is not None:
        if not receiving_agencies(draft.procedure).filter(pk=receiving_agency.pk).exists():
            raise PortalError(_("Nơi nộp hồ sơ không phù hợp với thủ tục này."))
        draft.receiving_agency = receiving_agency
    draft.save()
    return draft


def store_paper_files(files, *, user):
    """One attachment from the files of one paper: a PDF as it is, photos/scans (JPEG, PNG) as one PDF."""
    files = list(files)
    if not files:
        raise PortalError(_("Chưa chọn tệp nào."))
    head = files[0].read(5)
    files[0].seek(0)
    if len(files) == 1 and head.startswith(b"%PDF"):
        attachment = store_upload(files[0], uploaded_by=user, allowed_types=["pdf"])
        check_signature(attachment)
        return attachment
    for f in files:
        store_upload(f, uploaded_by=user, allowed_types=["jpeg", "png"])  # checks each photo's content
        f.seek(0)
    pdf = ContentFile(images_to_pdf_capped(files), name="giay-to.pdf")
    return store_upload(pdf, uploaded_by=user, allowed_types=["pdf"])


def attach_paper(draft: ApplicationDraft, key: str, files, *, user) -> ApplicationDraft:
    """Upload a paper of the draft; it is also kept in the citizen's personal data store."""
    name = _paper_name(draft, key)
    with transaction.atomic():
        attachment = store_paper_files(files, user=user)
        StoredPaper.objects.get_or_create(
            user=user, attachment=attachment, defaults={"name": name, "source": StoredPaper.Source.UPLOAD}
        )
        return _set_paper(draft, key, attachment)


def reuse_stored_paper(draft: ApplicationDraft, key: str, stored_pk, *, user) -> ApplicationDraft:
    """Use a paper from the citizen's own personal data store instead of uploading it again."""
    _paper_name(draft, key)
    stored = StoredPaper.objects.filter(user=user, pk=_int_or_none(stored_pk)).select_related("attachment").first()
    if stored is None:
        raise PortalError(_("Không tìm thấy giấy tờ này trong kho dữ liệu cá nhân của bạn."))
    with transaction.atomic():
        record_event(user, "portal.stored_paper_reused", stored)
        return _set_paper(draft, key, stored.attachment)


def remove_paper(draft: ApplicationDraft, key: str, *, user) -> ApplicationDraft:
    """Take a paper off the draft (it stays in the personal data store)."""
    _paper_name(draft, key)
    if draft.user_id != user.pk:
        raise PortalError(_("Bạn không phải người lập hồ sơ này."))
    draft.papers = {k: v for k, v in draft.papers.items() if k != str(key)}
    draft.save(update_fields=["papers", "updated_at"])
    return draft


def _paper_name(draft: ApplicationDraft, key: str) -> str:
    _check_open(draft)
    if key == OTHER_PAPER:
        return _("Giấy tờ khác")
    doc = draft.procedure.required_documents.filter(pk=_int_or_none(key)).first()
    if doc is None:
        raise PortalError(_("Giấy tờ không thuộc thành phần hồ sơ của thủ tục."))
    return doc.name


def _set_paper(draft: ApplicationDraft, key: str, attachment) -> ApplicationDraft:
    draft.papers = {**draft.papers, str(key): attachment.pk}
    draft.save(update_fields=["papers", "updated_at"])
    return draft


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def keep_results(dossier: Dossier) -> list[StoredPaper]:
    """Put the electronic results of ``dossier`` into its applicant's personal data store (idempotent)."""
    if dossier.applicant_user_id is None:
        return []
    kept = []
    for result in dossier.results.exclude(attachment=None).select_related("attachment"):
        stored, _created = StoredPaper.objects.get_or_create(
            user_id=dossier.applicant_user_id,
            attachment=result.attachment,
            defaults={
                "name": f"{result.title} ({result.code})"[:500],
                "source": StoredPaper.Source.RESULT,
                "dossier": dossier,
            },
        )
        kept.append(stored)
    return kept


# --- digital signatures on uploaded papers ------------------------------------------------------------


def check_signature(attachment) -> PaperSignatureCheck | None:
    """Verify the digital signatures of an uploaded PDF (egov.signatures); None when it carries none."""
    from egov.signatures.services import verify_pdf

    with attachment.file.open("rb") as fh:
        data = fh.read()
    try:
        reports = verify_pdf(data)
    except ValidationError:
        return None  # an unreadable PDF was refused by the upload checks already; nothing to say here
    if not reports:
        return None
    if not all(r.valid for r in reports):
        outcome = PaperSignatureCheck.Outcome.INVALID
    elif not all(r.trusted for r in reports):
        outcome = PaperSignatureCheck.Outcome.UNKNOWN_SIGNER
    else:
        outcome = PaperSignatureCheck.Outcome.VALID
    last = reports[-1]
    check, _created = PaperSignatureCheck.objects.update_or_create(
        attachment=attachment,
        defaults={
            "outcome": outcome,
            "signer": last.signer[:300],
            "organisation": last.organisation[:300],
            "signed_at": last.signed_at,
            "signatures": len(reports),
        },
    )
    return check


def signature_checks(attachment_ids) -> dict[int, PaperSignatureCheck]:
    """The checks of these attachments by attachment id (one query)."""
    ids = [i for i in attachment_ids if i]
    return {c.attachment_id: c for c in PaperSignatureCheck.objects.filter(attachment_id__in=ids)} if ids else {}


def submit_draft(draft: ApplicationDraft, *, user) -> Dossier:
    """File the draft as a dossier (status ``new``). A second submit of the same draft (double click,
    retry, back button) returns the dossier of the first: the draft is locked and consumed in one transaction."""
    with transaction.atomic():
        locked = ApplicationDraft.objects.select_for_update().get(pk=draft.pk, user=user)
        if locked.dossier_id is not None:
            return locked.dossier
        if locked.receiving_agency is None:
            raise PortalError(_("Cần chọn nơi nộp hồ sơ."))
        dossier = dossier_services.submit_online(
            _intake(locked, user), applicant_user=user, receiving_agency=locked.receiving_agency
        )
        locked.dossier = dossier
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["dossier", "submitted_at", "updated_at"])
    draft.refresh_from_db()
    return dossier


def _intake(draft: ApplicationDraft, user) -> Intake:
    data = draft.data or {}
    profile = getattr(user, "citizen_profile", None)
    applicant = Applicant(
        name=str(data.get("full_name") or user.full_name or ""),
        id_number=str(data.get("id_number") or getattr(profile, "id_number", "")),
        phone=str(data.get("phone") or user.phone or ""),
        email=str(data.get("email") or user.email or ""),
        address=str(data.get("address") or getattr(profile, "address", "")),
    )
    return Intake(procedure=draft.procedure, applicant=applicant, papers=draft_papers(draft), application_data=data)


def draft_papers(draft: ApplicationDraft) -> list[Paper]:
    from egov.attachments.models import Attachment

    attachments = Attachment.objects.in_bulk(list(draft.papers.values()))
    papers = []
    for doc in draft.procedure.required_documents.all():
        if str(doc.pk) in draft.papers:
            papers.append(_paper(doc.name, attachments.get(draft.papers[str(doc.pk)]), doc))
    if OTHER_PAPER in draft.papers:
        papers.append(_paper(_("Giấy tờ khác"), attachments.get(draft.papers[OTHER_PAPER])))
    return papers


def _paper(name, attachment, required_document=None) -> Paper:
    return Paper(
        name=name, form=RequiredDocument.Form.ELECTRONIC, attachment=attachment, required_document=required_document
    )


def _check_open(draft: ApplicationDraft) -> None:
    if draft.is_submitted:
        raise PortalError(_("Hồ sơ này đã được nộp; không thể sửa nữa."))


# --- tracking, supplements, ratings ----------------------------------------------------------------------


def lookup_dossier(code: str, last_digits: str) -> Dossier | None:
    """The dossier with ``code`` whose applicant ID number or phone ends with ``last_digits`` (4 digits)."""
    code, last_digits = (code or "").strip().upper(), (last_digits or "").strip()
    if not code or len(last_digits) != 4 or not last_digits.isdigit():
        return None
    dossier = (
        Dossier.objects.select_related("procedure", "current_unit").filter(code=code).first()
    )  # codes are upper case
    if dossier is None:
        return None
    endings = {v[-4:] for v in (dossier.applicant_id_number, dossier.applicant_phone) if v and len(v) >= 4}
    return dossier if last_digits in endings else None


LOOKUP_MAX_FAILURES_PER_IP = 20  # per LOGIN_FAILURE_WINDOW_SECONDS; more than per code: offices share addresses


def track_dossier(code: str, last_digits: str, ip: str | None = None) -> Dossier | None:
    """``lookup_dossier`` with a lock-out per code (as many misses as the sign-in throttle allows), so the 4
    digits cannot be guessed one by one, and per client address, so codes cannot be swept with a few guesses
    each. Misses on codes that do not exist count too, so being refused says nothing about the code."""
    code_key = f"tra-cuu:{(code or '').strip().upper()}"[:150]
    ip_key = f"tra-cuu-ip:{ip}" if ip else None
    misses = _recent_misses([code_key, ip_key] if ip_key else [code_key])
    if misses.get(code_key, 0) >= settings.LOGIN_MAX_FAILURES:
        raise PortalError(_("Đã tra cứu sai quá nhiều lần với mã hồ sơ này. Vui lòng thử lại sau 15 phút."))
    limit = getattr(settings, "PORTAL_LOOKUP_MAX_FAILURES_PER_IP", LOOKUP_MAX_FAILURES_PER_IP)
    if ip_key and misses.get(ip_key, 0) >= limit:
        raise PortalError(_("Đã tra cứu sai quá nhiều lần từ địa chỉ mạng này. Vui lòng thử lại sau 15 phút."))
    dossier = lookup_dossier(code, last_digits)
    if dossier is None:
        throttle.record_failure(code_key, None)
        if ip_key:
            throttle.record_failure(ip_key, None)
    return dossier


def _recent_misses(keys: list[str]) -> dict[str, int]:
    """Failed look-ups per key within the sign-in throttle's window (one query; the keys are stored as built)."""
    from egov.accounts.models import LoginFailure

    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    rows = LoginFailure.objects.filter(username__in=keys, at__gte=since).values("username").annotate(n=Count("pk"))
    return {row["username"]: row["n"] for row in rows.order_by()}


def answer_supplement(dossier: Dossier, *, user, files_by_paper: dict) -> Dossier:
    """The applicant sends the papers asked for; the dossier goes back to the administration and its clock resumes."""
    if dossier.applicant_user_id != user.pk:
        raise PortalError(_("Bạn không phải người nộp hồ sơ này."))
    if not files_by_paper:
        raise PortalError(_("Cần tải lên ít nhất một giấy tờ bổ sung."))
    papers = [
        Paper(name=name, form=RequiredDocument.Form.ELECTRONIC, attachment=store_paper_files(files, user=user))
        for name, files in files_by_paper.items()
    ]
    return dossier_services.resubmit(dossier, actor=user, papers=papers)


def record_external_rating(dossier: Dossier, *, score: int, comment: str = "", source: str) -> Rating | None:
    """A rating the applicant gave elsewhere (the national portal, ``source`` "dvcqg"): kept like our own, once
    per dossier (None when the dossier is already rated)."""
    if not 1 <= int(score) <= 5:
        raise PortalError(_("Mức độ hài lòng phải từ 1 đến 5."))
    try:
        with transaction.atomic():
            rating = Rating.objects.create(dossier=dossier, user=None, score=int(score), comment=comment.strip())
            publish(
                "dossier.rated",
                aggregate=dossier,
                payload={
                    "code": dossier.code,
                    "score": rating.score,
                    "agency": dossier.handling_agency_id,
                    "source": source,
                },
            )
    except IntegrityError:
        return None
    return rating


def rate_dossier(dossier: Dossier, *, user, score: int, comment: str = "") -> Rating:
    if dossier.applicant_user_id != user.pk:
        raise PortalError(_("Bạn không phải người nộp hồ sơ này."))
    if dossier.status not in RATEABLE:
        raise PortalError(_("Chỉ đánh giá được khi hồ sơ đã có kết quả."))
    if not 1 <= int(score) <= 5:
        raise PortalError(_("Mức độ hài lòng phải từ 1 đến 5."))
    try:
        with transaction.atomic():
            rating = Rating.objects.create(dossier=dossier, user=user, score=int(score), comment=comment.strip())
            record_event(user, "portal.dossier_rated", dossier)
            # Reports keep satisfaction in their daily facts from this event (egov.reports.handlers).
            publish(
                "dossier.rated",
                aggregate=dossier,
                payload={"code": dossier.code, "score": rating.score, "agency": dossier.handling_agency_id},
                actor=user,
            )
    except IntegrityError:
        raise PortalError(_("Hồ sơ này đã được đánh giá."))
    return rating
