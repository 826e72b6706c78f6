"""The message as JSON, keyed by the element names of the standard (for ``egov edxml parse/build``).

Document::

    {"MessageType": "document", "From": {"OrganId": ..., "OrganName": ...}, "To": [{...}],
     "DocumentId": ..., "Code": {"CodeNumber": ..., "CodeNotation": ...}, "Subject": ..., ...,
     "TraceHeaderList": [{"OrganId": ..., "Timestamp": ...}],
     "Business": {"BusinessDocType": "new|revoke|update|replace", "BusinessDocReason": ...,
                  "ReplacementInfoList": [...]},
     "Attachments": [{"ContentId": ..., "AttachmentName": ..., "ContentType": ..., "Description": ..., "Size": n}]}

Status: ``{"MessageType": "status", "ResponseFor": {...}, "From": {...}, "StatusCode": "01", ...}``.
Dates are ISO (``2026-11-23``), moments ISO 8601 with offset. For ``build``, an attachment gives its content as
``ContentBase64`` or ``File`` (a path, relative to the JSON file).
"""

import base64
from datetime import date, datetime
from pathlib import Path

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
from .values import ValueProblem, parse_date, parse_datetime


def to_json(message, *, with_content: bool = False) -> dict:
    trace = [_obj(t) for t in message.trace]
    if isinstance(message, StatusMessage):
        return {"MessageType": "status", **_obj(message.status), "TraceHeaderList": trace}
    business = message.business
    data = {"MessageType": "document", **_obj(message.header), "TraceHeaderList": trace}
    data["Business"] = {"BusinessDocType": business.doc_type.label, "BusinessDocReason": business.reason}
    if business.replaced_document_ids:
        data["Business"]["ReplacementInfoList"] = list(business.replaced_document_ids)
    data["Attachments"] = [_attachment(a, with_content) for a in message.attachments]
    return data


def _attachment(item: Attachment, with_content: bool) -> dict:
    data = {
        "ContentId": item.content_id,
        "AttachmentName": item.name,
        "ContentType": item.content_type,
        "Description": item.description,
        "Size": item.size,
    }
    if with_content:
        data["ContentBase64"] = base64.b64encode(item.data).decode("ascii")
    return data


def _obj(obj) -> dict:
    data = {}
    for attr, meta in spec(obj):
        value = getattr(obj, attr)
        if meta["kind"] == "obj":
            data[meta["xml"]] = None if value is None else _obj(value)
        elif meta["kind"] == "many":
            data[meta["xml"]] = [_obj(v) for v in value]
        elif isinstance(value, date | datetime):
            data[meta["xml"]] = value.isoformat()
        else:
            data[meta["xml"]] = value
    return data


def from_json(data: dict, *, base_dir: Path | None = None):
    """The message described by ``data``; raises ``EdxmlError`` listing every unreadable value."""
    problems: list[Problem] = []
    trace = [
        _load(TraceHeader, t, f"TraceHeaderList[{i}]", problems)
        for i, t in enumerate(data.get("TraceHeaderList") or [], 1)
    ]
    if data.get("MessageType") == "status" or "StatusCode" in data:
        message = StatusMessage(_load(Status, data, "Status", problems), trace)
    else:
        message = DocumentMessage(
            header=_load(MessageHeader, data, "MessageHeader", problems),
            trace=trace,
            business=_load_business(data.get("Business") or {}, problems),
            attachments=[
                _load_attachment(a, f"Attachments[{i}]", base_dir, problems)
                for i, a in enumerate(data.get("Attachments") or [], 1)
            ],
        )
    if problems:
        raise EdxmlError(problems)
    return message


def _load(cls, data: dict, path: str, problems):
    if not isinstance(data, dict):
        problems.append(Problem(path, "phải là một đối tượng JSON"))
        data = {}
    values = {}
    for attr, meta in spec(cls):
        raw, here, kind = data.get(meta["xml"]), f"{path}/{meta['xml']}", meta["kind"]
        if kind == "obj":
            values[attr] = None if raw is None else _load(meta["cls"], raw, here, problems)
        elif kind == "many":
            values[attr] = [_load(meta["cls"], item, f"{here}[{i}]", problems) for i, item in enumerate(raw or [], 1)]
        elif kind == "wrapped":
            values[attr] = [str(item) for item in raw or []]
        else:
            values[attr] = _scalar(kind, raw, here, problems)
    return cls(**values)


def _scalar(kind, raw, path, problems):
    if raw is None or raw == "":
        return None if kind in ("int", "date", "datetime") else ""
    try:
        if kind == "int":
            return int(raw)
        if kind == "date":
            return parse_date(str(raw))
        if kind == "datetime":
            return parse_datetime(str(raw))
    except (ValueError, ValueProblem) as exc:
        problems.append(Problem(path, str(exc)))
        return None
    return str(raw)


def _load_business(data: dict, problems) -> Business:
    raw = str(data.get("BusinessDocType", "new"))
    try:
        doc_type = BusinessType(int(raw)) if raw.isdigit() else BusinessType[raw.upper()]
    except (KeyError, ValueError):
        problems.append(Problem("Business/BusinessDocType", f"loại nghiệp vụ không hợp lệ: {raw!r}"))
        doc_type = BusinessType.NEW
    return Business(doc_type, str(data.get("BusinessDocReason", "")), list(data.get("ReplacementInfoList") or []))


def _load_attachment(data: dict, path: str, base_dir, problems) -> Attachment:
    content = b""
    if data.get("ContentBase64"):
        try:
            content = base64.b64decode(data["ContentBase64"], validate=True)
        except ValueError:
            problems.append(Problem(f"{path}/ContentBase64", "nội dung base64 không hợp lệ"))
    elif data.get("File"):
        file = Path(data["File"])
        file = file if file.is_absolute() or base_dir is None else base_dir / file
        try:
            content = file.read_bytes()
        except OSError as exc:
            problems.append(Problem(f"{path}/File", f"không đọc được tệp: {exc.strerror}"))
    name = data.get("AttachmentName") or (Path(data["File"]).name if data.get("File") else "")
    return Attachment(
        content_id=str(data.get("ContentId") or ""),
        name=name,
        content_type=data.get("ContentType") or "application/octet-stream",
        data=content,
        description=data.get("Description") or "",
    )
