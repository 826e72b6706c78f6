"""Between documents and edXML: the message for an outgoing document, the incoming data of a received one."""

from django.core.files.base import ContentFile
from django.utils import timezone

from egov.attachments.services import store_upload
from egov.documents.models import DocumentType as LocalType
from egov.documents.models import Urgency
from egov.documents.services.incoming import IncomingData

from . import edxml

DOCUMENT_TYPE_CODE = 1  # edXML DocumentType/Type: we send every document as an administrative document


def organization(agency) -> edxml.Organization:
    return edxml.Organization(
        organ_id=agency.code,
        organ_name=agency.name[:200],
        organ_add=(agency.address or "")[:250],
        email=(agency.email or "")[:100],
        telephone=(agency.phone or "")[:20],
        website=(agency.website or "")[:100],
    )


def document_id(document) -> str:
    """``OrganId,yyyy/mm/dd,number/notation``: stable and unique for an issued document."""
    day = document.document_date or timezone.localdate(document.issued_at or document.created_at)
    return f"{document.agency.code},{day:%Y/%m/%d},{document.notation or document.pk}"[:100]


def trace(agency, now) -> list[edxml.TraceHeader]:
    return [edxml.TraceHeader(organ_id=agency.code, timestamp=now)]


def document_message(document, peer, *, business=edxml.BusinessType.NEW, reason="", now=None) -> edxml.DocumentMessage:
    now = now or timezone.now()
    notation = document.notation or ""
    header = edxml.MessageHeader(
        from_=organization(document.agency),
        to=[edxml.Organization(organ_id=peer.organ_id, organ_name=peer.name[:200])],
        document_id=document_id(document),
        code=edxml.Code(code_number=document.number[:11], code_notation=notation.partition("/")[2][:30] or notation),
        promulgation_info=edxml.PromulgationInfo(
            promulgation_date=document.document_date or timezone.localdate(now),
        ),
        document_type=edxml.DocumentType(type=DOCUMENT_TYPE_CODE, type_name=document.document_type.name[:100]),
        subject=document.subject[:500],
        signer_info=edxml.SignerInfo(position=document.signer_position[:100], full_name=document.signer_name[:50]),
        to_places=[line[:150] for line in document.external_recipient_list],
        other_info=edxml.OtherInfo(priority=min(int(document.urgency), 4)),
        steering_type=0,
    )
    files = []
    if business != edxml.BusinessType.REVOKE:
        for i, attachment in enumerate(document.attachments.all(), 1):
            with attachment.file.open("rb") as handle:
                data = handle.read()
            files.append(edxml.Attachment(str(i), attachment.original_name, attachment.content_type, data))
    return edxml.DocumentMessage(
        header=header,
        trace=trace(document.agency, now),
        business=edxml.Business(business, reason),
        attachments=files,
    )


def status_message(*, local_agency, peer, document_id: str, code: str, description="", staff="", now=None):
    now = now or timezone.now()
    status = edxml.Status(
        response_for=edxml.ResponseFor(organ_id=peer.organ_id, document_id=document_id),
        from_=organization(local_agency),
        staff_info=edxml.StaffInfo(staff=staff[:100]) if staff else None,
        status_code=code,
        description=description[:500],
        timestamp=now.replace(microsecond=0),
    )
    return edxml.StatusMessage(status, trace(local_agency, now))


def incoming_data(message: edxml.DocumentMessage) -> IncomingData:
    header = message.header
    code = header.code or edxml.Code()
    notation = code.code_notation
    if code.code_number and notation and not notation.startswith(code.code_number):
        notation = f"{code.code_number}/{notation}"
    signer = header.signer_info or edxml.SignerInfo()
    priority = header.other_info.priority if header.other_info and header.other_info.priority else 0
    return IncomingData(
        issuer_name=header.from_.organ_name[:200],
        issuer_code=header.from_.organ_id,
        document_type=local_type(header.document_type),
        subject=header.subject[:500],
        notation=notation[:30],
        number=code.code_number[:11],
        document_date=header.promulgation_info.promulgation_date if header.promulgation_info else None,
        signer_name=signer.full_name[:50],
        signer_position=signer.position[:100],
        urgency=min(priority, Urgency.FLASH),
        deadline=header.due_date,
    )


def local_type(document_type: edxml.DocumentType | None):
    """The local document type with the same name (or abbreviation), else Công văn."""
    name = (document_type.type_name if document_type else "").strip()
    types = LocalType.objects.filter(is_active=True)
    if name:
        match = types.filter(name__iexact=name).first() or types.filter(abbreviation__iexact=name).first()
        if match:
            return match
    return types.filter(abbreviation="CV").first() or types.first()


def store_attachments(message: edxml.DocumentMessage, agency) -> list:
    """The message's files through the attachments app (content-checked; raises ``ValidationError``)."""
    return [
        store_upload(ContentFile(item.data, name=item.name or "tep"), agency=agency) for item in message.attachments
    ]
