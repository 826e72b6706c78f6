"""``egov edxml parse/build`` and ``egov exchange import-agencies/send-due``."""

import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from egov.exchange import edxml
from egov.exchange.models import ExternalAgency

from .edxml_samples import PDF, document


def test_parse_prints_standard_field_names(tmp_path, capsys):
    path = tmp_path / "vb.xml"
    path.write_bytes(edxml.build(document()))
    call_command("edxml", "parse", str(path))
    data = json.loads(capsys.readouterr().out)
    assert data["From"]["OrganId"] == "000.00.11.H97" and data["Code"]["CodeNumber"] == "01"
    assert data["Subject"].startswith("Quyết định") and data["Business"]["BusinessDocType"] == "new"
    assert data["Attachments"][0] | {} == {
        "ContentId": "1",
        "AttachmentName": "quyet-dinh.pdf",
        "ContentType": "application/pdf",
        "Description": "Văn bản chính",
        "Size": len(PDF),
    }


def test_parse_lists_problems_and_exits_1(tmp_path, capsys):
    body = (
        edxml.build(document())
        .replace(b"<edXML:Subject>", b"<edXML:Other>")
        .replace(b"</edXML:Subject>", b"</edXML:Other>")
    )
    path = tmp_path / "vb.xml"
    path.write_bytes(body.replace(b"000.00.11.H97</edXML:OrganId>", b"bad id</edXML:OrganId>", 1))
    with pytest.raises(SystemExit) as exit_:
        call_command("edxml", "parse", str(path))
    assert exit_.value.code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    paths = [p["path"] for p in report["problems"]]
    assert paths == ["MessageHeader/Subject", "MessageHeader/From/OrganId"]


def test_build_from_json_then_parse_gives_the_same(tmp_path, capsys):
    (tmp_path / "qd.pdf").write_bytes(PDF)
    description = edxml.to_json(document())
    description["Attachments"] = [{"ContentId": "1", "File": "qd.pdf", "ContentType": "application/pdf"}]
    (tmp_path / "vb.json").write_text(json.dumps(description, ensure_ascii=False))
    call_command("edxml", "build", str(tmp_path / "vb.json"), "--output", str(tmp_path / "vb.xml"))
    parsed = edxml.parse((tmp_path / "vb.xml").read_bytes())
    assert parsed.header == document().header
    assert parsed.attachments[0].data == PDF and parsed.attachments[0].name == "qd.pdf"


def test_build_refuses_an_invalid_description(tmp_path, capsys):
    (tmp_path / "vb.json").write_text(json.dumps({"Subject": "", "PromulgationInfo": {"PromulgationDate": "x"}}))
    with pytest.raises(SystemExit):
        call_command("edxml", "build", str(tmp_path / "vb.json"))
    paths = [p["path"] for p in json.loads(capsys.readouterr().out)["problems"]]
    assert paths == ["MessageHeader/PromulgationInfo/PromulgationDate"]


@pytest.mark.django_db
def test_import_agencies_from_csv_and_xlsx(tmp_path, capsys):
    csv_file = tmp_path / "co-quan.csv"
    csv_file.write_text(
        "OrganId,Tên,Địa chỉ nhận,Đường gửi,Thư điện tử\n"
        "000.00.00.G12,Bộ Tư pháp,,hub,\n"
        "000.00.00.H59,UBND tỉnh bạn,https://egov.tinhban.gov.vn/api/v1/exchange/inbox/,peer,vt@tinhban.gov.vn\n"
        "sai ma,Cơ quan lỗi,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        call_command("exchange", "import-agencies", str(csv_file))
    assert "Thêm 2" in capsys.readouterr().out
    assert ExternalAgency.objects.get(organ_id="000.00.00.H59").transport == "peer"

    book = Workbook()
    book.active.append(["OrganId", "Tên"])
    book.active.append(["000.00.00.G12", "Bộ Tư pháp (đổi tên)"])
    book.save(tmp_path / "co-quan.xlsx")
    call_command("exchange", "import-agencies", str(tmp_path / "co-quan.xlsx"))
    assert ExternalAgency.objects.get(organ_id="000.00.00.G12").name == "Bộ Tư pháp (đổi tên)"
    assert ExternalAgency.objects.count() == 2


@pytest.mark.django_db
def test_send_due_command(capsys):
    call_command("exchange", "send-due")
    assert "0 thông điệp" in capsys.readouterr().out


def test_bench_scenario_runs_small():
    from egov.core.benchmarking import BenchContext
    from egov.exchange.bench import edxml_round_trip

    result = edxml_round_trip(BenchContext(scale=0.05))
    assert result.measured > 0 and result.baseline > 0
