"""The go.vn/eDoc envelope used by provincial LGSPs, read into and written from the same ``DocumentMessage``
as QCVN 102:2016.

    edXMLEnvelope (default namespace http://www.go.vn/eDoc)
    ├── MessageHeader
    │   ├── From, To*            OrganId, OrganName, ... (as QCVN 102)
    │   ├── Code                 CodeNumber, CodeNotation
    │   ├── PromulgationInfo     Promulgator, PromulgationDate (yyyy/MM/dd)
    │   ├── DocumentType         Type, TypeName
    │   ├── Subject
    │   ├── SignerInfo           Signer, Position, Competence
    │   ├── OtherInfo            Priority, ... (as QCVN 102)
    │   ├── DocumentId
    │   └── TraceHeaderList/TraceHeader   Time (yyyy/MM/dd HH:mm:ss), OrganId
    └── Manifest/Attachment*     AttachmentName, ContentType, Content (base64)

Mapping: ``Promulgator`` is the issuing body, i.e. ``From/OrganName`` (read into it when ``From`` has no name);
``Signer`` is ``SignerInfo/FullName``; ``Time`` is ``TraceHeader/Timestamp``. Fields QCVN 102 has and eDoc has
not (Place, Content, DueDate, ToPlaces, ResponseFor, SteeringType, Business) are not written; the reader is
tolerant and picks them up when a sender adds them.
"""

import base64

from lxml import etree

from .build import to_element
from .model import Attachment, DocumentMessage, MessageHeader, Organization, TraceHeader
from .parse import _child, _children, _decode, _first, _text, _value, from_element
from .validate import EdxmlError, EdxmlInvalid, Problem, validate
from .values import format_date, format_datetime

EDOC_NAMESPACE = "http://www.go.vn/eDoc"
E = f"{{{EDOC_NAMESPACE}}}"


def is_edoc(root) -> bool:
    """Whether ``root`` is an eDoc envelope: its namespace, or (any namespace) an ``edXMLEnvelope`` root holding
    ``MessageHeader`` directly rather than QCVN 102's ``edXMLHeader``."""
    qname = etree.QName(root)
    if (qname.namespace or "").rstrip("/").lower() == EDOC_NAMESPACE.lower():
        return True
    return (
        qname.localname.lower() == "edxmlenvelope"
        and _child(root, "edxmlheader") is None
        and _child(root, "messageheader") is not None
    )


def parse_edoc(root) -> DocumentMessage:
    problems: list[Problem] = []
    # tolerant: MessageHeader under the root, or under an edXMLHeader like QCVN 102
    header_parent = _child(root, "edxmlheader")
    element = _child(root if header_parent is None else header_parent, "messageheader")
    if element is None:
        raise EdxmlError([Problem("edXMLEnvelope/MessageHeader", "thiếu")])
    header = from_element(MessageHeader, element, "MessageHeader", problems)
    promulgation = _child(element, "promulgationinfo")
    if promulgation is not None:
        promulgator = _text(_child(promulgation, "promulgator"))
        if promulgator and header.from_ is not None and not header.from_.organ_name:
            header.from_.organ_name = promulgator
        elif promulgator and header.from_ is None:
            header.from_ = Organization(organ_name=promulgator)
    signer = _child(element, "signerinfo")
    if signer is not None and header.signer_info is not None and not header.signer_info.full_name:
        header.signer_info.full_name = _text(_child(signer, "signer"))
    trace_list = _child(element, "traceheaderlist")
    if trace_list is None:
        trace_list = _child(root if header_parent is None else header_parent, "traceheaderlist")
    trace = []
    for i, item in enumerate(_children(trace_list, "traceheader"), 1):
        path = f"MessageHeader/TraceHeaderList/TraceHeader[{i}]"
        moment = _text(_first(item, "time", "timestamp"))
        trace.append(
            TraceHeader(
                organ_id=_text(_child(item, "organid")),
                timestamp=_value("datetime", moment, f"{path}/Time", problems),
            )
        )
    attachments = []
    manifest = _child(root, "manifest")
    for i, item in enumerate(_children(manifest, "attachment"), 1):
        path = f"Manifest/Attachment[{i}]"
        encoded = _first(item, "content", "contenttransferencoded")
        data = _decode(encoded.text if encoded is not None else "", path, problems)
        if data is None:
            continue
        attachments.append(
            Attachment(
                content_id=_text(_child(item, "contentid")) or str(i),
                name=_text(_child(item, "attachmentname")),
                content_type=_text(_child(item, "contenttype")),
                data=data,
                description=_text(_child(item, "description")),
            )
        )
    if problems:
        raise EdxmlError(problems)
    return DocumentMessage(header=header, trace=trace, attachments=attachments)


def build_edoc(message: DocumentMessage) -> bytes:
    """The UTF-8 eDoc envelope of ``message`` (a document; eDoc has no status message)."""
    if not isinstance(message, DocumentMessage):
        raise EdxmlInvalid(
            [Problem("edXMLEnvelope", "định dạng eDoc chỉ mang văn bản, không mang thông báo trạng thái")]
        )
    problems = validate(message)
    if problems:
        raise EdxmlInvalid(problems)
    h = message.header
    root = etree.Element(E + "edXMLEnvelope", nsmap={None: EDOC_NAMESPACE})
    header = etree.SubElement(root, E + "MessageHeader")
    header.append(to_element("From", h.from_, E))
    for organ in h.to:
        header.append(to_element("To", organ, E))
    code = etree.SubElement(header, E + "Code")
    _put(code, "CodeNumber", h.code.code_number)
    _put(code, "CodeNotation", h.code.code_notation)
    promulgation = etree.SubElement(header, E + "PromulgationInfo")
    _put(promulgation, "Promulgator", h.from_.organ_name)
    _put(promulgation, "PromulgationDate", format_date(h.promulgation_info.promulgation_date))
    header.append(to_element("DocumentType", h.document_type, E))
    _put(header, "Subject", h.subject)
    if h.signer_info is not None:
        signer = etree.SubElement(header, E + "SignerInfo")
        _put(signer, "Signer", h.signer_info.full_name)
        _put(signer, "Position", h.signer_info.position)
        _put(signer, "Competence", h.signer_info.competence)
    if h.other_info is not None:
        header.append(to_element("OtherInfo", h.other_info, E))
    _put(header, "DocumentId", h.document_id)
    traces = etree.SubElement(header, E + "TraceHeaderList")
    for item in message.trace:
        trace = etree.SubElement(traces, E + "TraceHeader")
        _put(trace, "Time", format_datetime(item.timestamp))
        _put(trace, "OrganId", item.organ_id)
    manifest = etree.SubElement(root, E + "Manifest")
    for item in message.attachments:
        attachment = etree.SubElement(manifest, E + "Attachment")
        _put(attachment, "AttachmentName", item.name)
        _put(attachment, "ContentType", item.content_type)
        _put(attachment, "Content", base64.b64encode(item.data))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _put(parent, name: str, value):
    if value:
        etree.SubElement(parent, E + name).text = value
