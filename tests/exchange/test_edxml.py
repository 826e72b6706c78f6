"""edXML: strict build, tolerant parse, round trips, every problem with its path, hostile input."""

import base64
import json
import re
from datetime import datetime

import pytest

from egov.exchange import edxml

from .edxml_samples import PDF, VN, billion_laughs, document, status


def test_round_trip_build_parse_build_is_identical():
    message = document()
    body = edxml.build(message)
    parsed = edxml.parse(body)
    assert parsed == message
    assert edxml.build(parsed) == body


def test_status_round_trip():
    message = status()
    body = edxml.build(message)
    assert edxml.parse(body) == message
    assert edxml.build(edxml.parse(body)) == body


def test_json_round_trip_and_field_names():
    message = document()
    data = edxml.to_json(message)
    assert data["From"]["OrganId"] == "000.00.11.H97"
    assert data["Code"]["CodeNumber"] == "01" and data["Subject"].startswith("Quyết định")
    assert data["Attachments"] == [
        {
            "ContentId": "1",
            "AttachmentName": "quyet-dinh.pdf",
            "ContentType": "application/pdf",
            "Description": "Văn bản chính",
            "Size": len(PDF),
        }
    ]
    full = edxml.to_json(message, with_content=True)
    assert edxml.from_json(json.loads(json.dumps(full))) == message


def test_business_types_round_trip():
    for business in edxml.BusinessType:
        message = document()
        message.business = edxml.Business(
            business, "Lý do", ["X,2026/01/01,1/A"] if business.label == "replace" else []
        )
        assert edxml.parse(edxml.build(message)).business == message.business


def _variant(body: bytes, *, namespace: str | None, root: str, date_style) -> bytes:
    text = body.decode()
    if namespace is None:
        text = text.replace(' xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"', "").replace("edXML:", "")
    else:
        text = text.replace("http://www.mic.gov.vn/TBT/QCVN_102_2016", namespace)
    text = re.sub(r"<(/?)(edXML:)?edXML>", lambda m: f"<{m.group(1)}{m.group(2) or ''}{root}>", text)
    text = re.sub(r"<(/?)(edXML:)?edXML ", lambda m: f"<{m.group(1)}{m.group(2) or ''}{root} ", text)
    return re.sub(r"(\d{4})/(\d{2})/(\d{2})(?=<| )", lambda m: date_style(*m.groups()), text).encode()


@pytest.mark.parametrize("namespace", [None, "http://www.mic.gov.vn/TBT/QCVN_102_2016/", "urn:other:edxml"])
@pytest.mark.parametrize("root", ["edXML", "EDXML", "edxml"])
@pytest.mark.parametrize(
    "date_style",
    [
        lambda y, m, d: f"{y}/{m}/{d}",
        lambda y, m, d: f"{y}-{m}-{d}",
        lambda y, m, d: f"{d}/{m}/{y}",
        lambda y, m, d: f"{d}-{m}-{y}",
    ],
    ids=["yyyy/mm/dd", "iso", "dd/mm/yyyy", "dd-mm-yyyy"],
)
def test_each_variation_yields_the_same_fields(namespace, root, date_style):
    message = document()
    body = _variant(edxml.build(message), namespace=namespace, root=root, date_style=date_style)
    assert edxml.parse(body) == message


def test_envelope_as_root_with_iso_timestamps_and_lowercase_elements():
    body = edxml.build(status()).decode()
    body = body.replace("2026/04/06 10:30:00", "2026-04-06T03:30:00Z").replace("StatusCode", "statuscode")
    inner = re.search(r"<edXML:edXMLEnvelope>.*</edXML:edXMLEnvelope>", body).group(0)
    inner = inner.replace("<edXML:edXMLEnvelope>", '<edXML:edXMLEnvelope xmlns:edXML="urn:x">', 1)
    parsed = edxml.parse(inner.encode())
    assert parsed.status.status_code == "03"
    assert parsed.status.timestamp == datetime(2026, 4, 6, 10, 30, tzinfo=VN)


def test_validation_reports_every_problem_with_its_path():
    message = document(
        subject="", to=[edxml.Organization("bad id", organ_name="X"), edxml.Organization("G01", "", "Y")]
    )
    message.header.from_.organ_id = ""
    message.header.code.code_notation = "N" * 31
    message.header.other_info.priority = 9
    message.header.to.append(edxml.Organization("G01", organ_name="Z"))
    problems = {str(p) for p in edxml.validate(message)}
    assert "MessageHeader/From/OrganId: bắt buộc nhưng để trống" in problems
    assert "MessageHeader/Subject: bắt buộc nhưng để trống" in problems
    assert "MessageHeader/Code/CodeNotation: dài 31 ký tự, tối đa 30" in problems
    assert any(p.startswith("MessageHeader/To[1]/OrganId: mã định danh") for p in problems)
    assert "MessageHeader/To[3]/OrganId: nơi nhận lặp lại: G01" in problems
    assert any(p.startswith("MessageHeader/OtherInfo/Priority") for p in problems)
    with pytest.raises(edxml.EdxmlInvalid) as caught:
        edxml.build(message)
    assert len(caught.value.problems) == len(problems)


def test_bad_dates_are_reported_with_their_path():
    body = edxml.build(document()).replace(b"2026/04/20", b"20/13/2026")
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.parse(body)
    assert [str(p) for p in caught.value.problems] == ["MessageHeader/DueDate: ngày không hợp lệ: '20/13/2026'"]


def test_status_codes_are_checked():
    assert [str(p) for p in edxml.validate(status("99"))] == [
        "Status/StatusCode: mã trạng thái không có trong quy chuẩn: '99'"
    ]


# --- hostile input ------------------------------------------------------------------------------------

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<edXML><edXMLEnvelope><edXMLHeader><Status><StatusCode>&xxe;</StatusCode></Status></edXMLHeader></edXMLEnvelope></edXML>"""

LAUGHS = billion_laughs(
    "lolz",
    b"<edXML><edXMLEnvelope><edXMLHeader><Status><Description>",
    b"</Description></Status></edXMLHeader></edXMLEnvelope></edXML>",
)


@pytest.mark.parametrize(
    "body", [XXE, LAUGHS, XXE.decode().encode("utf-16")], ids=["xxe", "billion-laughs", "utf16-xxe"]
)
def test_dtd_and_entities_are_refused(body):
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.parse(body)
    text = str(caught.value)
    assert "DOCTYPE" in text or "XML" in text
    assert "root:" not in text  # nothing of /etc/passwd leaked


def test_external_network_entity_without_doctype_is_just_text():
    body = edxml.build(status()).replace(b"\xc4\x90\xc3\xa3 v\xc3\xa0o s\xe1\xbb\x95", b"&amp;xxe;")
    assert edxml.parse(body).status.description == "&xxe;"


def test_oversized_message_and_attachment_are_refused(settings):
    settings.EXCHANGE_MAX_ATTACHMENT_BYTES = 1000
    message = document()
    message.attachments = [edxml.Attachment("1", "big.pdf", "application/pdf", b"%PDF" + b"x" * 5000)]
    body = edxml.build(message)
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.parse(body)
    assert [p.path for p in caught.value.problems] == ["AttachmentEncoded/Attachment[1]"]
    settings.EXCHANGE_MAX_MESSAGE_BYTES = 2000
    with pytest.raises(edxml.EdxmlError, match="quá lớn"):
        edxml.parse(body)


def test_bad_base64_and_garbage_are_refused():
    body = edxml.build(document()).replace(base64.b64encode(PDF), b"not*base64")
    with pytest.raises(edxml.EdxmlError, match="base64"):
        edxml.parse(body)
    for garbage in (b"", b"not xml", b"<a><b></a>", b"<html/>"):
        with pytest.raises(edxml.EdxmlError):
            edxml.parse(garbage)
