"""Reading edXML: safe (no DTD, no entities, no network, size limits) and tolerant (any namespace, any
case of element names, several date formats, the root being ``edXML`` or ``edXMLEnvelope``)."""

import binascii
import re

from django.conf import settings
from lxml import etree

from .model import (
    Attachment,
    Business,
    BusinessType,
    DocumentMessage,
    MessageHeader,
    Status,
    StatusMessage,
    TraceHeader,
    spec,
)
from .validate import EdxmlError, Problem
from .values import ValueProblem, parse_date, parse_datetime, parse_int

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CONTENT_NAMES = ("contenttransferencoded", "content", "encodedcontent", "data", "value")


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default) if settings.configured else default)


def safe_tree(data: bytes, *, max_bytes: int | None = None) -> etree._Element:
    """The root element of ``data``, refusing whatever could harm the server."""
    max_bytes = max_bytes or _limit("EXCHANGE_MAX_MESSAGE_BYTES", 50 * 1024 * 1024)
    if len(data) > max_bytes:
        raise EdxmlError([Problem("edXML", f"thông điệp quá lớn ({len(data)} byte, tối đa {max_bytes})")])
    if _DOCTYPE.search(data):
        raise EdxmlError([Problem("edXML", "không chấp nhận DOCTYPE hay khai báo thực thể (DTD)")])
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise EdxmlError([Problem("edXML", f"không phải XML hợp lệ: {exc}")])
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # e.g. UTF-16 input the byte scan cannot read
        raise EdxmlError([Problem("edXML", "không chấp nhận DOCTYPE hay khai báo thực thể (DTD)")])
    return root


def parse_qcvn102(root) -> DocumentMessage | StatusMessage:
    problems: list[Problem] = []
    envelope = root if _name(root) == "edxmlenvelope" else _child(root, "edxmlenvelope")
    if _name(root) not in ("edxml", "edxmlenvelope") or envelope is None:
        raise EdxmlError([Problem(etree.QName(root).localname, "phần tử gốc phải là edXML hoặc edXMLEnvelope")])
    header = _child(envelope, "edxmlheader")
    if header is None:
        raise EdxmlError([Problem("edXMLEnvelope/edXMLHeader", "thiếu")])
    trace = [
        from_element(TraceHeader, el, f"TraceHeaderList/TraceHeader[{i}]", problems)
        for i, el in enumerate(_children(_child(header, "traceheaderlist"), "traceheader"), 1)
    ]
    status = _child(header, "status")
    if status is not None:
        message = StatusMessage(from_element(Status, status, "Status", problems), trace)
    else:
        element = _child(header, "messageheader")
        if element is None:
            raise EdxmlError([Problem("edXMLHeader/MessageHeader", "thiếu (cần MessageHeader hoặc Status)")])
        message = DocumentMessage(
            header=from_element(MessageHeader, element, "MessageHeader", problems),
            trace=trace,
            business=_business(header, problems),
            attachments=_attachments(root, envelope, problems),
        )
    if problems:
        raise EdxmlError(problems)
    return message


def from_element(cls, element, path: str, problems: list[Problem]):
    values = {}
    for attr, meta in spec(cls):
        kind, xml = meta["kind"], meta["xml"]
        here = f"{path}/{xml}"
        if kind == "obj":
            child = _child(element, xml)
            values[attr] = None if child is None else from_element(meta["cls"], child, here, problems)
        elif kind == "many":
            values[attr] = [
                from_element(meta["cls"], child, f"{here}[{i}]", problems)
                for i, child in enumerate(_children(element, xml), 1)
            ]
        elif kind == "wrapped":
            values[attr] = [_text(item) for item in _children(_child(element, xml), meta["item"])]
        else:
            values[attr] = _value(kind, _text(_child(element, xml)), here, problems)
    return cls(**values)


def _value(kind: str, text: str, path: str, problems: list[Problem]):
    try:
        if kind == "int":
            return parse_int(text)
        if kind == "date":
            return parse_date(text)
        if kind == "datetime":
            return parse_datetime(text)
    except ValueProblem as exc:
        problems.append(Problem(path, str(exc)))
        return None
    return text


def _business(header, problems) -> Business:
    element = _first(header, "bussiness", "business")
    if element is None:
        return Business()
    raw = _text(_first(element, "bussinessdoctype", "businessdoctype")) or "0"
    try:
        doc_type = BusinessType(int(raw)) if raw.isdigit() else BusinessType[raw.upper()]
    except (KeyError, ValueError):
        problems.append(Problem("Bussiness/BussinessDocType", f"loại nghiệp vụ không hợp lệ: {raw!r}"))
        doc_type = BusinessType.NEW
    reason = _text(_first(element, "bussinessdocreason", "businessdocreason"))
    replaced = [
        _text(_child(info, "documentid"))
        for info in _children(_child(element, "replacementinfolist"), "replacementinfo")
    ]
    return Business(doc_type, reason, [r for r in replaced if r])


def _attachments(root, envelope, problems) -> list[Attachment]:
    """Attachments from ``AttachmentEncoded`` (beside or inside the envelope), described by the manifest."""
    container = _child(root, "attachmentencoded")
    if container is None:
        container = _child(envelope, "attachmentencoded")
    manifest = _child(_child(envelope, "edxmlbody"), "edxmlmanifest")
    references = {}
    for reference in _children(manifest, "reference"):
        href = next((v for k, v in reference.attrib.items() if etree.QName(k).localname == "href"), "")
        references[href.removeprefix("cid:")] = reference
    result = []
    for i, element in enumerate(_children(container, "attachment"), 1):
        path = f"AttachmentEncoded/Attachment[{i}]"
        content_id = _text(_child(element, "contentid"))
        reference = references.get(content_id)
        encoded = next((c for c in element if _name(c) in _CONTENT_NAMES), None)
        data = _decode((encoded.text if encoded is not None else element.text) or "", path, problems)
        if data is None:
            continue
        name = _text(_child(element, "attachmentname")) or _text(_child(reference, "attachmentname"))
        result.append(
            Attachment(
                content_id=content_id,
                name=name,
                content_type=_text(_child(element, "contenttype")) or _text(_child(reference, "contenttype")),
                data=data,
                description=_text(_child(element, "description")) or _text(_child(reference, "description")),
            )
        )
    return result


def _decode(text: str, path: str, problems: list[Problem]) -> bytes | None:
    """The bytes of base64 ``text`` (whitespace allowed), or ``None`` with a problem when bad or too large."""
    limit = _limit("EXCHANGE_MAX_ATTACHMENT_BYTES", 7 * 1024 * 1024)
    text = text or ""
    if len(text) * 3 // 4 > limit + 3:
        problems.append(Problem(path, f"tệp đính kèm quá lớn (tối đa {limit} byte)"))
        return None
    try:
        if any(space in text for space in " \n\r\t"):
            text = "".join(text.split())
        data = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        problems.append(Problem(f"{path}/ContentTransferEncoded", "nội dung base64 không hợp lệ"))
        return None
    if len(data) > limit:
        problems.append(Problem(path, f"tệp đính kèm quá lớn (tối đa {limit} byte)"))
        return None
    return data


# --- namespace- and case-blind navigation -----------------------------------------------------------


def _name(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child(element, name: str):
    if element is None:
        return None
    name = name.lower()
    return next((c for c in element if _name(c) == name), None)


def _first(element, *names):
    """The first child with one of ``names`` (never ``a or b``: an element without children is falsy)."""
    for name in names:
        found = _child(element, name)
        if found is not None:
            return found
    return None


def _children(element, name: str) -> list:
    if element is None:
        return []
    name = name.lower()
    return [c for c in element if _name(c) == name]


def _text(element) -> str:
    if element is None:
        return ""
    return "".join(element.itertext()).strip()
