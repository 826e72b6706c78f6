"""Outgoing documents: draft, versions, review chain, issue (numbering + dispatch) and recall."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.models import Role, User
from egov.attachments.services import store_upload

from ..models import (
    Channel,
    Dispatch,
    DocumentRegister,
    DraftVersion,
    IncomingDocument,
    OutgoingDocument,
    ReviewComment,
    Secrecy,
    Urgency,
)
from ..numbering import format_number, next_number, notation, register_for
from ..recipients import archive_entries, external_channels, merge_archive, split_recipients
from ..stamping import place_name, stamp_issue_details
from ..textextract import extract_text
from ..transitions import IncomingStatus, OutgoingStatus
from .common import DocumentError, apply, audit_and_publish, check_clearance, check_role, log, refresh_search_text
from .incoming import recall_copy

DIRECTION = "outgoing"
logger = logging.getLogger(__name__)


def create_draft(
    *,
    author,
    document_type,
    subject: str,
    attachment,
    drafting_unit=None,
    urgency: int = Urgency.NORMAL,
    secrecy: int = Secrecy.NORMAL,
    internal_recipients=(),
    external_recipients: str = "",
    archive_copies: str = "",
    note: str = "",
    now=None,
) -> OutgoingDocument:
    """A specialist starts a draft with its first version (status draft)."""
    now = now or timezone.now()
    check_role(author, {Role.SPECIALIST, Role.DEPARTMENT_HEAD})
    if not (subject or "").strip():
        raise DocumentError(_("Cần nhập trích yếu nội dung văn bản."))
    if len(subject) > 500:
        raise DocumentError(_("Trích yếu không được dài quá 500 ký tự."))
    if attachment is None:
        raise DocumentError(_("Cần đính kèm tệp dự thảo."))
    check_clearance(author, secrecy)
    official = author.official
    with transaction.atomic():
        document = OutgoingDocument.objects.create(
            agency=official.agency,
            drafting_unit=drafting_unit or official.unit,
            author=author,
            document_type=document_type,
            subject=subject.strip(),
            urgency=urgency,
            secrecy=secrecy,
            **_recipient_fields(external_recipients, archive_copies),
            created_at=now,
        )
        document.internal_recipients.set(internal_recipients)
        version = DraftVersion.objects.create(
            document=document,
            number=1,
            attachment=attachment,
            text=extract_text(attachment),
            note=note,
            created_by=author,
            created_at=now,
        )
        refresh_search_text(document, texts=[version.text])
        document.save(update_fields=["search_text"])
        log(document, "create_draft", "", author, now, note=note)
        audit_and_publish(document, "create_draft", author, before=None)
    return document


def add_version(document: OutgoingDocument, *, actor, attachment, note: str = "", now=None) -> OutgoingDocument:
    """A new version of the draft's main file (while drafting or after a return for revision)."""

    text = extract_text(attachment)  # once per version, outside the lock; issuing reuses it

    def change(d, now):
        number = (d.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        DraftVersion.objects.create(
            document=d, number=number, attachment=attachment, text=text, note=note, created_by=actor, created_at=now
        )
        refresh_search_text(d, texts=[text])

    return apply(document, DIRECTION, "add_version", actor, now=now, note=note, change=change)


def submit_for_review(document: OutgoingDocument, *, actor, note: str = "", now=None) -> OutgoingDocument:
    """Send the draft to the first reviewer of its type's chain (approved at once if the chain is empty)."""

    def change(d, now):  # an empty approval chain approves at once (the lifecycle's target)
        d.review_step = 0

    return apply(document, DIRECTION, "submit_for_review", actor, now=now, note=note, change=change)


def return_for_revision(document: OutgoingDocument, *, actor, comment: str, now=None) -> OutgoingDocument:
    """The current reviewer returns the draft to its author with a comment."""

    def change(d, now):
        ReviewComment.objects.create(document=d, version=d.current_version, author=actor, text=comment, at=now)
        d.review_step = 0

    return apply(
        document,
        DIRECTION,
        "return_for_revision",
        actor,
        now=now,
        note=comment,
        change=change,
        check=_reviewer_check(actor),
        to_user=document.author,
    )


def approve_step(document: OutgoingDocument, *, actor, comment: str = "", now=None) -> OutgoingDocument:
    """The current reviewer approves; after the last step of the chain the draft is approved and the last
    reviewer is its signer."""

    def change(d, now):
        if comment:
            ReviewComment.objects.create(document=d, version=d.current_version, author=actor, text=comment, at=now)
        d.review_step += 1
        if d.status == OutgoingStatus.APPROVED:  # the last step of the chain (the lifecycle's target)
            d.signer = actor
            d.signer_name = (actor.full_name or str(actor))[:50]
            d.signer_position = actor.official.position.name[:100] if actor.official else ""

    return apply(
        document, DIRECTION, "approve_step", actor, now=now, note=comment, change=change, check=_reviewer_check(actor)
    )


def add_comment(document: OutgoingDocument, *, actor, text: str, now=None) -> ReviewComment:
    """A comment on the draft that does not change its status."""
    if not (text or "").strip():
        raise DocumentError(_("Cần nhập nội dung ý kiến."))
    if not OutgoingDocument.objects.for_user(actor).filter(pk=document.pk).exists():
        raise DocumentError(_("Bạn không có quyền xử lý văn bản này."))
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            document=document,
            version=document.current_version,
            author=actor,
            text=text.strip(),
            at=now or timezone.now(),
        )
        audit_and_publish(document, "comment", actor, before=None)
    return comment


def set_recipients(
    document: OutgoingDocument,
    *,
    actor,
    internal_recipients=(),
    external_recipients: str = "",
    archive_copies: str | None = None,
    now=None,
) -> OutgoingDocument:
    """Change where the document will be sent, until it is issued (agencies on the platform, others by name),
    and the copies kept ("Lưu: VT, …": not recipients; unchanged when ``archive_copies`` is None)."""
    internal = list(internal_recipients)
    if any(agency.is_department for agency in internal):
        raise DocumentError(_("Nơi nhận trong hệ thống phải là cơ quan, không phải phòng ban."))
    kept = document.archive_copies if archive_copies is None else archive_copies
    fields = _recipient_fields(external_recipients, kept)
    names = fields["external_recipients"].splitlines()
    summary = "; ".join([*(a.name for a in internal), *names])
    if fields["archive_copies"]:
        summary += "; " + _("Lưu: %(copies)s") % {"copies": fields["archive_copies"]}

    def change(d, now):
        d.internal_recipients.set(internal)
        d.external_recipients = fields["external_recipients"]
        d.archive_copies = fields["archive_copies"]

    return apply(document, DIRECTION, "edit_recipients", actor, now=now, note=summary[:1000], change=change)


def _recipient_fields(external_recipients: str, archive_copies: str) -> dict:
    """The recipient lines and the archive list ("Lưu:" lines typed among the recipients move to the list)."""
    lines, archived = split_recipients(external_recipients)
    archive = merge_archive(archive_entries(archive_copies), archived)
    return {"external_recipients": "\n".join(lines), "archive_copies": archive[:300]}


def issue(
    document: OutgoingDocument, *, actor, external_method: str = Dispatch.Method.PAPER, now=None
) -> OutgoingDocument:
    """Number, date, sign and register the approved document, then dispatch it: every internal recipient
    agency gets an incoming copy (with the issued file) waiting to be registered; external recipients are
    recorded as sent by paper or e-mail.

    The issued file is the last version with its number, notation and date written on it where the draft's
    "Số:" and date lines are (``stamping``), signed by the signer then sealed by the agency, and named after
    its notation (``03-QĐ-STP.pdf``). The number is only known inside the numbering transaction, so the file
    is made there: the register row stays locked for the tenths of a second signing takes (issuing is a few
    documents a minute per agency). Without a usable certificate the document is issued unsigned (but
    stamped) and the trail says why (``signed_at`` stays empty)."""
    version = document.versions.select_related("attachment").order_by("-number").first()
    unsigned_reason = _signing_blocker(document, version)
    outcome = {}

    def change(d, now):
        register = register_for(
            d.agency, timezone.localdate(now).year, DocumentRegister.Kind.OUTGOING, secret=d.secrecy > 0
        )
        d.register, d.sequence = register, next_number(register)
        d.number = format_number(d.sequence)
        d.notation = notation(d.sequence, d.document_type, d.agency, d.drafting_unit)
        d.document_date, d.issued_at = timezone.localdate(now), now
        issued, signed, failure = _issued_file(d, version, actor, sign=not unsigned_reason)
        outcome["failure"] = failure
        d.signed_at = now if signed else None
        final = [issued] if issued else []
        d.attachments.set(final)
        refresh_search_text(d, texts=[version.text] if version else [])
        _dispatch(d, final, actor, now, external_method)

    document = apply(
        document,
        DIRECTION,
        "issue",
        actor,
        now=now,
        note=unsigned_reason,
        change=change,
        related=("agency__administrative_unit", "document_type", "drafting_unit"),
    )
    if outcome.get("failure"):  # signing failed although a certificate was there: the trail says why
        document.trail.filter(action="issue").update(note=outcome["failure"])
    return document


def recall(document: OutgoingDocument, *, actor, reason: str, now=None) -> OutgoingDocument:
    """Recall an issued document: every incoming copy on the platform is marked recalled."""

    def change(d, now):
        d.recalled_at, d.recall_reason = now, reason
        for copy in d.delivered_copies.exclude(status=IncomingStatus.RECALLED):
            recall_copy(copy, reason=reason, now=now)

    return apply(document, DIRECTION, "recall", actor, now=now, note=reason, change=change)


# --- helpers -------------------------------------------------------------------------------------------


def current_reviewer_role(document: OutgoingDocument) -> str | None:
    chain = document.document_type.approval_chain
    if document.status != OutgoingStatus.IN_REVIEW or document.review_step >= len(chain):
        return None
    return chain[document.review_step]


def _reviewer_check(actor):
    def check(document):
        role = current_reviewer_role(document)
        if role is None or not actor.has_role(role):
            raise DocumentError(_("Bước duyệt hiện tại không thuộc vai trò của bạn."))

    return check


def _signing_blocker(document: OutgoingDocument, version) -> str:
    """Why the issued file will not be signed ("" when it can be): not a PDF, no signer, no certificate."""
    from egov.signatures.services import certificate_for

    if document.status != OutgoingStatus.APPROVED or version is None:
        return ""  # ``apply`` refuses the transition (or there is nothing to sign)
    official = _signer_official(document)
    if version.attachment.content_type != "application/pdf" or official is None:
        return _("Chưa ký số: tệp ban hành không phải PDF hoặc chưa có người ký.")
    try:
        certificate_for(official=official)
        certificate_for(agency=official.agency.organisation)
    except ValidationError as error:
        return _("Chưa ký số: %(reason)s") % {"reason": "; ".join(error.messages)}
    return ""


def _signer_official(document: OutgoingDocument):
    signer = User.objects.filter(pk=document.signer_id)
    signer = signer.select_related("official__agency__administrative_unit", "official__position").first()
    return signer.official if signer else None


def issued_file_name(notation_text: str, extension: str) -> str:
    """``03/QĐ-STP`` → ``03-QĐ-STP.pdf``: the issued file is named after its notation."""
    return f"{notation_text.replace('/', '-')}.{extension}"


def _issued_file(document: OutgoingDocument, version, actor, *, sign: bool):
    """(issued attachment, signed?, failure note): the last version stamped with the number, notation and date,
    then signed (``sign``), stored under the notation's name. A file that is not a PDF is issued as it is."""
    from egov.signatures.services import sign_issued_document

    if version is None:
        return None, False, ""
    source = version.attachment
    if source.content_type != "application/pdf":
        return source, False, ""
    with source.file.open("rb") as stream:
        data = stream.read()
    try:
        data = stamp_issue_details(
            data, notation=document.notation, issued_on=document.document_date, place=place_name(document.agency)
        )
    except Exception:  # a PDF pypdf cannot rewrite is issued without the stamp, never blocked
        logger.warning("document %s: could not stamp the issue details", document.pk, exc_info=True)
    signed, failure = False, ""
    if sign:
        try:
            data = sign_issued_document(data, official=_signer_official(document), title=document.signer_position)
            signed = True
        except ValidationError as error:  # issued unsigned, visibly so
            logger.warning("document %s issued unsigned: %s", document.pk, "; ".join(error.messages))
            failure = _("Chưa ký số: %(reason)s") % {"reason": "; ".join(error.messages)}
    upload = ContentFile(data, name=issued_file_name(document.notation, "pdf"))
    issued = store_upload(upload, uploaded_by=actor, agency=document.agency, allowed_types=["pdf"])
    return issued, signed, failure


def _dispatch(document: OutgoingDocument, files, actor, now, external_method):
    """One ``Dispatch`` per recipient with its channel: on the platform, by edXML (a peer of the exchange knows
    the line), by e-mail (an address) or ``external_method`` (paper by default). "Lưu" copies are not sent."""
    recipients = list(document.internal_recipients.all())
    copies = [_deliver(document, agency, files, now) for agency in recipients]
    rows = [
        Dispatch(
            document=document,
            recipient_agency=agency,
            recipient_name=agency.name,
            method=Dispatch.Method.PLATFORM,
            incoming=copy,
            sent_at=now,
        )
        for agency, copy in zip(recipients, copies, strict=True)
    ]
    lines = document.external_recipient_list
    channels = external_channels(lines, default=external_method, email=Dispatch.Method.EMAIL)
    rows += [
        Dispatch(document=document, recipient_name=name[:300], method=channels[name], sent_at=now) for name in lines
    ]
    Dispatch.objects.bulk_create(rows)


def _deliver(document: OutgoingDocument, agency, files, now) -> IncomingDocument:
    """The incoming copy of ``document`` in ``agency`` (the issued, signed file), waiting to be registered."""
    copy = IncomingDocument.objects.create(
        agency=agency,
        status=IncomingStatus.PENDING,
        channel=Channel.ELECTRONIC,
        origin=document,
        issuer_name=document.agency.name,
        issuer_code=document.agency.code,
        document_type=document.document_type,
        number=document.number,
        notation=document.notation,
        document_date=document.document_date,
        subject=document.subject,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        urgency=document.urgency,
        secrecy=document.secrecy,
        search_text=document.search_text,
        created_at=now,
    )
    through = IncomingDocument.attachments.through
    through.objects.bulk_create(through(incomingdocument_id=copy.pk, attachment_id=f.pk) for f in files)
    log(copy, "arrive", "", None, now, to_unit=agency, note=_("Nhận từ %(agency)s") % {"agency": document.agency})
    audit_and_publish(copy, "arrive", None, before=None)
    return copy


__all__ = [
    "add_comment",
    "add_version",
    "approve_step",
    "create_draft",
    "current_reviewer_role",
    "issue",
    "recall",
    "return_for_revision",
    "set_recipients",
    "submit_for_review",
]
