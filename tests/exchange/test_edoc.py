"""The go.vn/eDoc envelope of provincial LGSPs beside QCVN 102:2016: round trip, namespace prefix,
ContentTransferEncoded, hostile input, and ``egov edxml parse/build`` naming the format."""

import base64
import json
import re

import pytest
from django.core.management import call_command
from lxml import etree

from egov.exchange import edxml

from .edxml_samples import PDF, billion_laughs, document

EDOC = "{http://www.go.vn/eDoc}"


def _edoc_document():
    """The sample document with only what eDoc carries (Place, Content, DueDate... are QCVN 102 only)."""
    message = document(content="", due_date=None, to_places=[], response_for=[], steering_type=None)
    message.header.promulgation_info.place = ""
    return message


def test_edoc_round_trip_keeps_fields_and_attachment_bytes():
    message = _edoc_document()
    body = edxml.build(message, format="eDoc")
    root = etree.fromstring(body)
    assert root.tag == EDOC + "edXMLEnvelope" and root.nsmap == {None: "http://www.go.vn/eDoc"}
    header = root.find(EDOC + "MessageHeader")
    assert header.findtext(f"{EDOC}PromulgationInfo/{EDOC}Promulgator") == "Sở Tư pháp"
    assert header.findtext(f"{EDOC}PromulgationInfo/{EDOC}PromulgationDate") == "2026/04/06"
    assert header.findtext(f"{EDOC}SignerInfo/{EDOC}Signer") == "Nguyễn Văn Ký"
    assert header.findtext(f"{EDOC}TraceHeaderList/{EDOC}TraceHeader/{EDOC}Time") == "2026/04/06 09:00:00"
    assert root.findtext(f"{EDOC}Manifest/{EDOC}Attachment/{EDOC}Content") == base64.b64encode(PDF).decode()

    format_, parsed = edxml.read(body)
    assert format_ == "eDoc"
    assert parsed.header == message.header
    assert parsed.trace == message.trace
    assert [(a.name, a.content_type, a.data) for a in parsed.attachments] == [
        ("quyet-dinh.pdf", "application/pdf", PDF)
    ]
    assert edxml.validate(parsed) == []
    assert edxml.build(parsed, format="eDoc") == body


def test_qcvn102_is_still_read_as_qcvn102():
    assert edxml.read(edxml.build(document()))[0] == "qcvn102"


def test_edoc_with_a_namespace_prefix_reads_the_same():
    message = _edoc_document()
    body = edxml.build(message, format="eDoc").decode()
    prefixed = (
        body.replace('xmlns="http://www.go.vn/eDoc"', 'xmlns:edoc="http://www.go.vn/eDoc"')
        .replace("<", "<edoc:")
        .replace("<edoc:/", "</edoc:")
        .replace("<edoc:?xml", "<?xml")
    )
    assert "<edoc:edXMLEnvelope" in prefixed and "<MessageHeader" not in prefixed
    format_, parsed = edxml.read(prefixed.encode())
    assert format_ == "eDoc" and parsed.header == message.header
    assert parsed.attachments[0].data == PDF


def test_edoc_in_another_namespace_is_recognised_by_its_shape():
    body = edxml.build(_edoc_document(), format="eDoc").replace(b"http://www.go.vn/eDoc", b"urn:lgsp:edoc")
    format_, parsed = edxml.read(body)
    assert format_ == "eDoc" and parsed.attachments[0].data == PDF


def test_qcvn102_attachment_in_content_transfer_encoded():
    """The form public implementations send: base64 under ``ContentTransferEncoded``, wrapped at 76 columns."""
    encoded = base64.encodebytes(PDF * 20).decode()
    attachment = f"""<edXML:AttachmentEncoded><edXML:Attachment>
<edXML:ContentType>application/pdf</edXML:ContentType><edXML:ContentId>1</edXML:ContentId>
<edXML:AttachmentName>vb.pdf</edXML:AttachmentName>
<edXML:ContentTransferEncoded>{encoded}</edXML:ContentTransferEncoded>
</edXML:Attachment></edXML:AttachmentEncoded>"""
    body = re.sub(
        "<edXML:AttachmentEncoded>.*</edXML:AttachmentEncoded>",
        attachment,
        edxml.build(document()).decode(),
        flags=re.S,
    )
    assert "\n" in encoded and body.count("ContentTransferEncoded>") == 2
    format_, parsed = edxml.read(body.encode())
    assert format_ == "qcvn102"
    assert [(a.name, a.data) for a in parsed.attachments] == [("vb.pdf", PDF * 20)]


EDOC_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE edXMLEnvelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<edXMLEnvelope xmlns="http://www.go.vn/eDoc"><MessageHeader><Subject>&xxe;</Subject></MessageHeader></edXMLEnvelope>"""

EDOC_LAUGHS = billion_laughs(
    "edXMLEnvelope",
    b'<edXMLEnvelope xmlns="http://www.go.vn/eDoc"><MessageHeader><Subject>',
    b"</Subject></MessageHeader></edXMLEnvelope>",
)


@pytest.mark.parametrize("body", [EDOC_XXE, EDOC_LAUGHS], ids=["xxe", "billion-laughs"])
def test_hostile_edoc_is_refused(body):
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.parse(body)
    assert "DOCTYPE" in str(caught.value) and "root:" not in str(caught.value)


def test_edoc_bad_base64_and_oversized_attachment_are_refused(settings):
    body = edxml.build(_edoc_document(), format="eDoc")
    with pytest.raises(edxml.EdxmlError, match="base64"):
        edxml.parse(body.replace(base64.b64encode(PDF), b"not*base64"))
    settings.EXCHANGE_MAX_ATTACHMENT_BYTES = 4
    with pytest.raises(edxml.EdxmlError) as caught:
        edxml.parse(body)
    assert [p.path for p in caught.value.problems] == ["Manifest/Attachment[1]"]


def test_cli_parse_says_the_format_and_build_writes_edoc(tmp_path, capsys):
    qcvn = tmp_path / "qcvn.xml"
    qcvn.write_bytes(edxml.build(document()))
    call_command("edxml", "parse", str(qcvn))
    assert json.loads(capsys.readouterr().out)["format"] == "qcvn102"

    description = edxml.to_json(_edoc_document(), with_content=True)
    (tmp_path / "vb.json").write_text(json.dumps(description, ensure_ascii=False))
    call_command("edxml", "build", str(tmp_path / "vb.json"), "--format", "eDoc", "--output", str(tmp_path / "e.xml"))
    assert etree.fromstring((tmp_path / "e.xml").read_bytes()).tag == EDOC + "edXMLEnvelope"
    call_command("edxml", "parse", str(tmp_path / "e.xml"))
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "eDoc"
    assert data["From"]["OrganName"] == "Sở Tư pháp" and data["Code"]["CodeNotation"] == "QĐ-STP"
    assert data["Attachments"][0]["Size"] == len(PDF)


def test_status_message_cannot_be_written_as_edoc():
    from .edxml_samples import status

    with pytest.raises(edxml.EdxmlInvalid, match="eDoc"):
        edxml.build(status(), format="eDoc")
