import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egov.agencies.demo import load_demo_province
from egov.signatures import demo
from egov.signatures.models import Certificate
from egov.signatures.pdfgen import sample_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_province():
    load_demo_province()
    demo.load_demo()


def run_verify(path, capsys) -> tuple[dict, int]:
    code = 0
    try:
        call_command("pdf", "verify", str(path))
    except CommandError as exc:
        code = exc.returncode
    return json.loads(capsys.readouterr().out), code


def test_demo_issues_certificates_for_officials_and_agencies_once(demo_province):
    owners = {c.official.full_name if c.official else c.agency.code for c in Certificate.objects.all()}
    assert {"Huỳnh Văn Toàn", "Lê Minh Quang", "Võ Văn Thái"} <= owners
    assert {"000.00.00.H99", "000.00.04.H99", "000.00.20.H99", "000.00.31.H99"} <= owners
    count = Certificate.objects.count()

    demo.load_demo()

    assert Certificate.objects.count() == count


def test_sign_as_person_then_org_and_verify_json(demo_province, tmp_path, capsys):
    (tmp_path / "in.pdf").write_bytes(sample_pdf(text="Hello"))
    call_command("pdf", "sign", str(tmp_path / "in.pdf"), str(tmp_path / "a.pdf"), "--as", "giamdoc.stp")
    call_command("pdf", "sign", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"), "--as", "giamdoc.stp", "--org")

    report, code = run_verify(tmp_path / "b.pdf", capsys)

    assert code == 0
    signatures = report["signatures"]
    assert [s["signer"] for s in signatures] == ["Huỳnh Văn Toàn", "Sở Tư pháp"]
    for entry in signatures:
        assert entry["valid"] and entry["intact"] and entry["trusted"]
        assert entry["signed_at"]

    (tmp_path / "c.pdf").write_bytes((tmp_path / "b.pdf").read_bytes().replace(b"Hello", b"Jello"))
    report, code = run_verify(tmp_path / "c.pdf", capsys)
    assert code == 1
    assert not any(entry["valid"] for entry in report["signatures"])


def test_sign_refuses_unknown_user_and_official_without_certificate(demo_province, tmp_path):
    (tmp_path / "in.pdf").write_bytes(sample_pdf())
    with pytest.raises(CommandError, match="Không có cán bộ"):
        call_command("pdf", "sign", str(tmp_path / "in.pdf"), str(tmp_path / "o.pdf"), "--as", "nobody")
    with pytest.raises(CommandError, match="chưa có chứng thư số"):
        call_command("pdf", "sign", str(tmp_path / "in.pdf"), str(tmp_path / "o.pdf"), "--as", "chuyenvien.stp")


def test_verify_an_unsigned_pdf_says_no_signature_and_exits_1(tmp_path, capsys):
    path = tmp_path / "unsigned.pdf"
    path.write_bytes(sample_pdf(text="unsigned"))
    try:
        call_command("pdf", "verify", str(path))
    except CommandError as exc:
        code, message = exc.returncode, str(exc)
    else:
        code, message = 0, ""
    assert json.loads(capsys.readouterr().out)["signatures"] == []
    assert code == 1
    assert "no signature" in message
