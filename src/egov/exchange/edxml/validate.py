"""Checking a message against the standard: every problem, each with the path of its element."""

import re
from dataclasses import dataclass

from .model import DocumentMessage, StatusCode, StatusMessage, spec

ORGAN_ID = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)*$")
STATUS_CODES = frozenset(code.value for code in StatusCode)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class EdxmlError(ValueError):
    """A message that cannot be read or written; ``problems`` says where and why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(map(str, self.problems)))


class EdxmlInvalid(EdxmlError):
    pass


def validate(message) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(message, StatusMessage):
        _walk(message.status, "Status", problems)
        code = message.status.status_code
        if code and code not in STATUS_CODES:
            problems.append(Problem("Status/StatusCode", f"mã trạng thái không có trong quy chuẩn: {code!r}"))
        if message.status.from_:
            _organ_id(message.status.from_.organ_id, "Status/From/OrganId", problems)
    elif isinstance(message, DocumentMessage):
        _walk(message.header, "MessageHeader", problems)
        _document_rules(message, problems)
    else:
        problems.append(Problem("edXML", "không phải thông điệp edXML"))
    for i, trace in enumerate(message.trace, 1):
        _walk(trace, f"TraceHeaderList/TraceHeader[{i}]", problems)
    return problems


def _walk(obj, path: str, problems: list[Problem]) -> None:
    for attr, meta in spec(obj):
        value = getattr(obj, attr)
        here = f"{path}/{meta['xml']}"
        kind = meta["kind"]
        if meta["required"] and (value is None or value == "" or value == []):
            problems.append(Problem(here, "bắt buộc nhưng để trống"))
            continue
        if kind == "obj" and value is not None:
            _walk(value, here, problems)
        elif kind == "many":
            for i, item in enumerate(value, 1):
                _walk(item, f"{here}[{i}]", problems)
        elif kind == "wrapped":
            for i, item in enumerate(value, 1):
                _length(item, meta["max"], f"{here}/{meta['item']}[{i}]", problems)
        elif kind == "str":
            _length(value, meta["max"], here, problems)


def _length(value: str, limit: int | None, path: str, problems: list[Problem]) -> None:
    if limit and value and len(value) > limit:
        problems.append(Problem(path, f"dài {len(value)} ký tự, tối đa {limit}"))


def _organ_id(value: str, path: str, problems: list[Problem]) -> None:
    if value and not ORGAN_ID.match(value):
        problems.append(Problem(path, f"mã định danh cơ quan không đúng dạng: {value!r}"))


def _document_rules(message: DocumentMessage, problems: list[Problem]) -> None:
    header = message.header
    if header.from_:
        _organ_id(header.from_.organ_id, "MessageHeader/From/OrganId", problems)
    seen = set()
    for i, to in enumerate(header.to, 1):
        _organ_id(to.organ_id, f"MessageHeader/To[{i}]/OrganId", problems)
        if to.organ_id and to.organ_id in seen:
            problems.append(Problem(f"MessageHeader/To[{i}]/OrganId", f"nơi nhận lặp lại: {to.organ_id}"))
        seen.add(to.organ_id)
    if sum(len(p) for p in header.to_places) > 1000:
        problems.append(Problem("MessageHeader/ToPlaces", "tổng độ dài vượt quá 1000 ký tự"))
    other = header.other_info
    if other and other.priority is not None and not 0 <= other.priority <= 4:
        problems.append(Problem("MessageHeader/OtherInfo/Priority", f"độ khẩn phải từ 0 đến 4: {other.priority}"))
    if header.steering_type is not None and not 0 <= header.steering_type <= 2:
        problems.append(Problem("MessageHeader/SteeringType", f"giá trị không hợp lệ: {header.steering_type}"))
    ids = set()
    for i, item in enumerate(message.attachments, 1):
        path = f"AttachmentEncoded/Attachment[{i}]"
        if not item.content_id:
            problems.append(Problem(f"{path}/ContentId", "bắt buộc nhưng để trống"))
        elif item.content_id in ids:
            problems.append(Problem(f"{path}/ContentId", f"trùng mã tệp: {item.content_id}"))
        ids.add(item.content_id)
        if not item.name:
            problems.append(Problem(f"{path}/AttachmentName", "bắt buộc nhưng để trống"))
        _length(item.name, 255, f"{path}/AttachmentName", problems)
