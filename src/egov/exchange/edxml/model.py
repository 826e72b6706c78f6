"""The edXML message (QCVN 102:2016/BTTTT and amendment 1:2022) as plain dataclasses.

Each field carries its element name in the standard (``xml``), how it is written (``kind``) and its limits,
so that one generic walker builds the XML, reads it back, turns it into JSON and validates it. JSON keys are
the element names of the standard (``From.OrganId``, ``Code.CodeNumber``, ``Subject``...).
"""

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import Enum, StrEnum

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"


def F(xml: str, kind: str = "str", *, max: int | None = None, required: bool = False, item: str = "", cls=None, **kw):
    """A field of the standard. ``kind``: str, int, date, datetime, obj (``cls``), many (repeated element of
    ``cls`` or str), wrapped (a container element ``xml`` holding ``item`` elements)."""
    meta = {"xml": xml, "kind": kind, "max": max, "required": required, "item": item, "cls": cls}
    if kind in ("many", "wrapped"):
        return field(default_factory=list, metadata=meta)
    if kind == "obj":
        return field(default=None, metadata=meta)
    return field(default=kw.get("default", None if kind in ("int", "date", "datetime") else ""), metadata=meta)


def spec(obj_or_cls):
    return [(f.name, f.metadata) for f in fields(obj_or_cls) if f.metadata]


class BusinessType(Enum):
    """``Bussiness/BussinessDocType`` (the amendment spells it with a double s)."""

    NEW = 0
    REVOKE = 1
    UPDATE = 2
    REPLACE = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class StatusCode(StrEnum):
    ARRIVED = "01"
    REFUSED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    DONE = "06"
    REVOKED = "13"
    REVOKE_AGREED = "15"
    REVOKE_REFUSED = "16"


STATUS_LABELS = {
    "01": "Đã đến",
    "02": "Từ chối tiếp nhận",
    "03": "Đã tiếp nhận (vào sổ)",
    "04": "Đã phân công",
    "05": "Đang xử lý",
    "06": "Hoàn thành",
    "13": "Đã thu hồi",
    "15": "Đồng ý thu hồi/cập nhật",
    "16": "Từ chối thu hồi/cập nhật",
}

PRIORITIES = {0: "Thường", 1: "Khẩn", 2: "Thượng khẩn", 3: "Hỏa tốc", 4: "Hỏa tốc hẹn giờ"}


@dataclass
class Organization:
    organ_id: str = F("OrganId", max=35, required=True)
    organization_in_charge: str = F("OrganizationInCharge", max=200)
    organ_name: str = F("OrganName", max=200, required=True)
    organ_add: str = F("OrganAdd", max=250)
    email: str = F("Email", max=100)
    telephone: str = F("Telephone", max=20)
    fax: str = F("Fax", max=20)
    website: str = F("Website", max=100)


@dataclass
class Code:
    code_number: str = F("CodeNumber", max=11)
    code_notation: str = F("CodeNotation", max=30)


@dataclass
class PromulgationInfo:
    place: str = F("Place", max=50)
    promulgation_date: date | None = F("PromulgationDate", "date", required=True)


@dataclass
class DocumentType:
    type: int | None = F("Type", "int", required=True)
    type_name: str = F("TypeName", max=100)


@dataclass
class SignerInfo:
    competence: str = F("Competence", max=100)
    position: str = F("Position", max=100)
    full_name: str = F("FullName", max=50)


@dataclass
class OtherInfo:
    priority: int | None = F("Priority", "int", default=0)
    sphere_of_promulgation: str = F("SphereOfPromulgation", max=100)
    typer_notation: str = F("TyperNotation", max=10)
    promulgation_amount: int | None = F("PromulgationAmount", "int")
    page_amount: int | None = F("PageAmount", "int")
    appendixes: list[str] = F("Appendixes", "wrapped", item="Appendix")


@dataclass
class ResponseFor:
    organ_id: str = F("OrganId", max=35, required=True)
    code: str = F("Code", max=42)
    promulgation_date: date | None = F("PromulgationDate", "date")
    document_id: str = F("DocumentId", max=100, required=True)


@dataclass
class MessageHeader:
    from_: Organization | None = F("From", "obj", cls=Organization, required=True)
    to: list[Organization] = F("To", "many", cls=Organization, required=True)
    document_id: str = F("DocumentId", max=100, required=True)
    code: Code | None = F("Code", "obj", cls=Code, required=True)
    promulgation_info: PromulgationInfo | None = F("PromulgationInfo", "obj", cls=PromulgationInfo, required=True)
    document_type: DocumentType | None = F("DocumentType", "obj", cls=DocumentType, required=True)
    subject: str = F("Subject", max=500, required=True)
    content: str = F("Content", max=500)
    signer_info: SignerInfo | None = F("SignerInfo", "obj", cls=SignerInfo)
    due_date: date | None = F("DueDate", "date")
    to_places: list[str] = F("ToPlaces", "wrapped", item="Place", max=150)
    other_info: OtherInfo | None = F("OtherInfo", "obj", cls=OtherInfo)
    response_for: list[ResponseFor] = F("ResponseFor", "many", cls=ResponseFor)
    steering_type: int | None = F("SteeringType", "int")


@dataclass
class TraceHeader:
    organ_id: str = F("OrganId", max=35, required=True)
    timestamp: datetime | None = F("Timestamp", "datetime", required=True)


@dataclass
class Business:
    doc_type: BusinessType = BusinessType.NEW
    reason: str = ""
    replaced_document_ids: list[str] = field(default_factory=list)  # ReplacementInfoList (replace)


@dataclass
class Attachment:
    content_id: str
    name: str
    content_type: str
    data: bytes
    description: str = ""

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class DocumentMessage:
    header: MessageHeader
    trace: list[TraceHeader] = field(default_factory=list)
    business: Business = field(default_factory=Business)
    attachments: list[Attachment] = field(default_factory=list)

    kind = "document"

    @property
    def document_id(self) -> str:
        return self.header.document_id

    @property
    def sender_id(self) -> str:
        return self.header.from_.organ_id if self.header.from_ else ""


@dataclass
class StaffInfo:
    department: str = F("Department", max=200)
    staff: str = F("Staff", max=100)
    email: str = F("Email", max=100)
    mobile: str = F("Mobile", max=20)


@dataclass
class Status:
    response_for: ResponseFor | None = F("ResponseFor", "obj", cls=ResponseFor, required=True)
    from_: Organization | None = F("From", "obj", cls=Organization, required=True)
    staff_info: StaffInfo | None = F("StaffInfo", "obj", cls=StaffInfo)
    status_code: str = F("StatusCode", max=2, required=True)
    description: str = F("Description", max=500)
    timestamp: datetime | None = F("Timestamp", "datetime", required=True)


@dataclass
class StatusMessage:
    status: Status
    trace: list[TraceHeader] = field(default_factory=list)

    kind = "status"

    @property
    def document_id(self) -> str:
        return self.status.response_for.document_id if self.status.response_for else ""

    @property
    def sender_id(self) -> str:
        return self.status.from_.organ_id if self.status.from_ else ""
