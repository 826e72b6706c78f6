"""Sample messages for the exchange tests."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from egov.exchange import edxml

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n% tiny\n"


def document(**overrides) -> edxml.DocumentMessage:
    header = edxml.MessageHeader(
        from_=edxml.Organization(organ_id="000.00.11.H97", organ_name="Sở Tư pháp", email="stp@example.vn"),
        to=[edxml.Organization(organ_id="000.00.00.G12", organ_name="Bộ Tư pháp")],
        document_id="000.00.11.H97,2026/04/06,01/QĐ-STP",
        code=edxml.Code(code_number="01", code_notation="QĐ-STP"),
        promulgation_info=edxml.PromulgationInfo(place="Văn Thư", promulgation_date=date(2026, 4, 6)),
        document_type=edxml.DocumentType(type=1, type_name="Quyết định"),
        subject="Quyết định phê duyệt kế hoạch kiểm tra năm 2026",
        content="Nội dung tóm tắt",
        signer_info=edxml.SignerInfo(competence="KT. GIÁM ĐỐC", position="Phó Giám đốc", full_name="Nguyễn Văn Ký"),
        due_date=date(2026, 4, 20),
        to_places=["Bộ Tư pháp", "Lưu: VT"],
        other_info=edxml.OtherInfo(priority=1, promulgation_amount=5, page_amount=3, appendixes=["Phụ lục I"]),
        response_for=[edxml.ResponseFor(organ_id="000.00.00.G12", code="9/BTP", document_id="G12,2026/03/01,9/BTP")],
        steering_type=0,
    )
    for key, value in overrides.items():
        setattr(header, key, value)
    return edxml.DocumentMessage(
        header=header,
        trace=[edxml.TraceHeader("000.00.11.H97", datetime(2026, 4, 6, 9, 0, tzinfo=VN))],
        attachments=[edxml.Attachment("1", "quyet-dinh.pdf", "application/pdf", PDF, "Văn bản chính")],
    )


def status(code="03") -> edxml.StatusMessage:
    return edxml.StatusMessage(
        edxml.Status(
            response_for=edxml.ResponseFor(organ_id="000.00.11.H97", document_id="000.00.11.H97,2026/04/06,01/QĐ-STP"),
            from_=edxml.Organization(organ_id="000.00.00.G12", organ_name="Bộ Tư pháp"),
            staff_info=edxml.StaffInfo(department="Văn phòng", staff="Trần Thị Thư"),
            status_code=code,
            description="Đã vào sổ",
            timestamp=datetime(2026, 4, 6, 10, 30, tzinfo=VN),
        ),
        [edxml.TraceHeader("000.00.00.G12", datetime(2026, 4, 6, 10, 30, tzinfo=VN))],
    )


def billion_laughs(doctype: str, before: bytes, after: bytes) -> bytes:
    """A billion-laughs document: nine levels of entities expanding ``&lol9;`` between ``before`` and ``after``."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {doctype} [<!ENTITY lol "lol">'.encode()
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
            for i in range(1, 10)
        )
        + b"]>\n"
        + before
        + b"&lol9;"
        + after
    )
