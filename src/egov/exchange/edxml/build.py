"""Writing edXML: strict. ``build`` refuses a message with any problem (every one listed with its path)."""

import base64

from lxml import etree

from .model import NAMESPACE, XLINK, DocumentMessage, StatusMessage, TraceHeader, spec
from .validate import EdxmlInvalid, validate
from .values import format_date, format_datetime

E = f"{{{NAMESPACE}}}"
NSMAP = {"edXML": NAMESPACE, "xlink": XLINK}


def build_qcvn102(message: DocumentMessage | StatusMessage) -> bytes:
    """The UTF-8 QCVN 102:2016 bytes of ``message``; raises ``EdxmlInvalid`` when it breaks the standard."""
    problems = validate(message)
    if problems:
        raise EdxmlInvalid(problems)
    root = etree.Element(E + "edXML", nsmap=NSMAP)
    envelope = etree.SubElement(root, E + "edXMLEnvelope")
    header = etree.SubElement(envelope, E + "edXMLHeader")
    if isinstance(message, StatusMessage):
        header.append(to_element("Status", message.status))
        _trace(header, message.trace)
    else:
        header.append(to_element("MessageHeader", message.header))
        _trace(header, message.trace)
        _business(header, message)
        body = etree.SubElement(envelope, E + "edXMLBody")
        manifest = etree.SubElement(body, E + "edXMLManifest", version="1.0")
        for item in message.attachments:
            reference = etree.SubElement(manifest, E + "Reference", {f"{{{XLINK}}}href": f"cid:{item.content_id}"})
            _text(reference, "AttachmentName", item.name)
            _text(reference, "ContentType", item.content_type)
            _text(reference, "Description", item.description)
        if message.attachments:
            encoded = etree.SubElement(root, E + "AttachmentEncoded")
            for item in message.attachments:
                attachment = etree.SubElement(encoded, E + "Attachment")
                _text(attachment, "ContentType", item.content_type)
                _text(attachment, "ContentId", item.content_id)
                _text(attachment, "Description", item.description)
                _text(attachment, "AttachmentName", item.name)
                # bytes, not str: lxml takes ASCII bytes without re-checking every character
                _text(attachment, "ContentTransferEncoded", base64.b64encode(item.data))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def to_element(name: str, obj, ns: str = E) -> etree._Element:
    """``obj`` as the element ``name`` in the namespace ``ns`` (written ``{uri}``)."""
    element = etree.Element(ns + name)
    for attr, meta in spec(obj):
        value = getattr(obj, attr)
        kind, xml = meta["kind"], meta["xml"]
        if kind == "obj":
            if value is not None:
                element.append(to_element(xml, value, ns))
        elif kind == "many":
            for item in value:
                element.append(to_element(xml, item, ns))
        elif kind == "wrapped":
            if value:
                container = etree.SubElement(element, ns + xml)
                for item in value:
                    _text(container, meta["item"], item, keep_empty=True, ns=ns)
        else:
            _text(element, xml, _format(kind, value), ns=ns)
    return element


def _format(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == "date":
        return format_date(value)
    if kind == "datetime":
        return format_datetime(value)
    return str(value)


def _text(parent, name: str, value: str, *, keep_empty: bool = False, ns: str = E):
    if value or keep_empty:
        etree.SubElement(parent, ns + name).text = value


def _trace(header, trace: list[TraceHeader]):
    container = etree.SubElement(header, E + "TraceHeaderList")
    for item in trace:
        container.append(to_element("TraceHeader", item))


def _business(header, message: DocumentMessage):
    business = etree.SubElement(header, E + "Bussiness")
    _text(business, "BussinessDocType", str(message.business.doc_type.value))
    _text(business, "BussinessDocReason", message.business.reason)
    if message.business.replaced_document_ids:
        replacements = etree.SubElement(business, E + "ReplacementInfoList")
        for document_id in message.business.replaced_document_ids:
            info = etree.SubElement(replacements, E + "ReplacementInfo")
            _text(info, "DocumentId", document_id)
