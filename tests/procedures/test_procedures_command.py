"""``egov procedures import|export``."""

import json

import pytest
from django.core.management import CommandError, call_command

from egov.procedures.models import Procedure
from procedures.factories import ProcedureFactory, procedure_data

pytestmark = pytest.mark.django_db


def test_export_then_dry_run_then_import(tmp_path, agencies, capsys):
    ProcedureFactory(code="1.000777", agencies=agencies, steps=True)
    path = tmp_path / "danh-muc.xlsx"
    call_command("procedures", "export", str(path))
    assert path.stat().st_size > 0
    Procedure.objects.all().delete()

    call_command("procedures", "import", str(path), "--dry-run")
    assert "Sẽ thêm 1, cập nhật 0 thủ tục" in capsys.readouterr().out
    assert not Procedure.objects.exists()

    call_command("procedures", "import", str(path))
    assert "Đã thêm 1" in capsys.readouterr().out
    assert Procedure.objects.get().code == "1.000777"


def test_a_bad_file_fails_with_its_errors(tmp_path, agencies, capsys):
    path = tmp_path / "danh-muc.json"
    path.write_text(json.dumps([procedure_data(["000.00.77.H97"])]), encoding="utf-8")
    with pytest.raises(CommandError, match="Tệp có 1 lỗi"):
        call_command("procedures", "import", str(path))
    assert "Không có cơ quan mã 000.00.77.H97" in capsys.readouterr().err
    assert not Procedure.objects.exists()


def test_export_needs_a_known_extension(tmp_path):
    with pytest.raises(CommandError, match=".json hoặc .xlsx"):
        call_command("procedures", "export", str(tmp_path / "a.csv"))
