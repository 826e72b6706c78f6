"""Importing a plan's indicator table and project list (JSON, XLSX), its results, and the commands."""

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from egov.audit.models import AuditRecord
from egov.events.models import OutboxEvent
from egov.plans import io as plan_io
from egov.plans.models import BudgetLine, ItPlan, PlanIndicator, PlanTask

from .conftest import TEST_INDICATOR

EXPECTED = {
    ("I", "1"): "achieved",  # qualitative, assessed in the file
    ("I", "2"): "achieved",  # 100 >= 100
    ("I", "3.1"): "not_achieved",  # 45,5 < 50
    ("II", "1"): "not_achieved",  # target "≤ 1", actual 2
    ("II", "2"): "not_measured",  # no actual yet
    ("II", "3"): "not_measured",  # linked to a computed indicator, not refreshed yet
}


def _results(plan) -> dict:
    return {(i.section_code, i.number): i.result for i in plan.indicators.all()}


def test_json_import_gives_the_results_written_in_the_file(world, test_indicator, tmp_path):
    result = plan_io.import_plan(world.plan_file(tmp_path))
    assert result.ok, result.issues
    plan = result.plan
    assert _results(plan) == EXPECTED
    row = plan.indicators.get(number="3.1")
    assert row.actual_value == Decimal("45.5") and row.target_value == 50 and row.comparison == ">="
    assert row.reporting_agency == world.a
    assert plan.indicators.get(section_code="II", number="1").comparison == "<="
    assert plan.indicators.get(section_code="II", number="3").computed_code == TEST_INDICATOR
    wan = plan.projects.get(number="1")
    assert wan.status == "in_progress" and wan.progress == 30 and wan.owner_agency == world.a
    budget = {(line.year, line.source): line.amount for line in wan.budget_lines.all()}
    assert budget == {(2026, "local"): Decimal("1000"), (2027, "central"): Decimal("2500.5")}
    assert PlanTask.objects.get(project=wan).status == "done"
    assert AuditRecord.objects.filter(action="plans.plan_imported").count() == 1
    assert OutboxEvent.objects.filter(topic="plans.plan_imported").count() == 1


def test_results_command_prints_each_indicator_as_json(world, test_indicator, tmp_path, capsys):
    call_command("plans", "import", str(world.plan_file(tmp_path)))
    capsys.readouterr()
    call_command("plans", "results", "KH-THU", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["plan"] == "KH-THU"
    rows = {(r["section"], r["number"]): r for r in data["indicators"]}
    assert {key: r["result"] for key, r in rows.items()} == EXPECTED
    expected = {"baseline": "25%", "target": "50%", "actual": "45,5%", "result_label": "Không đạt"}
    assert {key: rows[("I", "3.1")][key] for key in expected} == expected
    call_command("plans", "results", "KH-THU", "--json", "--refresh")
    rows = {(r["section"], r["number"]): r for r in json.loads(capsys.readouterr().out)["indicators"]}
    assert rows[("II", "3")]["actual_value"] == "75" and rows[("II", "3")]["result"] == "achieved"


def test_bad_rows_are_reported_with_their_place_and_nothing_is_written(world, test_indicator, tmp_path):
    data = world.plan_json()
    rows = data["sections"][0]["indicators"]
    rows[1]["actual"] = "gần đủ"  # not a number for a numeric target
    rows[2]["reporting_agency"] = "000.99.99.H96"
    data["sections"][1]["indicators"][0]["result"] = "Đạt"  # 2 is not ≤ 1
    data["sections"][1]["indicators"][2]["indicator"] = "khong.co"
    data["projects"][0]["budget"][0]["source"] = "vay"
    path = tmp_path / "sai.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = plan_io.import_plan(path)
    assert not result.ok
    joined = "\n".join(result.issues)
    assert "sections[1].indicators[2], trường «actual»" in joined
    assert "sections[1].indicators[3], trường «reporting_agency»: Không có cơ quan mã «000.99.99.H96»" in joined
    assert "sections[2].indicators[1], trường «result»" in joined
    assert "Không có chỉ số tính tự động mã «khong.co»" in joined
    assert "projects[1].budget[1], trường «source»" in joined
    assert not ItPlan.objects.exists() and not PlanIndicator.objects.exists() and not BudgetLine.objects.exists()
    with pytest.raises(CommandError):
        call_command("plans", "import", str(path))


def test_xlsx_round_trip_and_row_numbers(world, test_indicator, tmp_path):
    plan = plan_io.import_plan(world.plan_file(tmp_path)).plan
    content = plan_io.export_xlsx(plan)
    workbook = load_workbook(BytesIO(content))
    sheet = workbook["Chỉ tiêu"]
    header = [c.value for c in sheet[1]]
    for label in ("STT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng", "Mục tiêu", "Kết quả", "Đánh giá"):
        assert label in header
    assert [c.value for c in sheet[2]][:2] == ["I", "HẠ TẦNG KỸ THUẬT"]  # a section heading row, like the seeds
    copy = tmp_path / "ban-sao.xlsx"
    copy.write_bytes(content)
    result = plan_io.import_plan(copy, plan_code="KH-BAN-SAO")
    assert result.ok, result.issues
    assert _results(result.plan) == EXPECTED
    assert result.plan.projects.get(number="1").budget_lines.count() == 2
    # a wrong value in a row is reported with the sheet, the row number and the column
    sheet.cell(4, header.index("Kết quả") + 1).value = "chưa rõ"
    sheet.cell(5, header.index("Đơn vị báo cáo (mã định danh)") + 1).value = "000.00.99.H96"
    broken = tmp_path / "sai.xlsx"
    workbook.save(broken)
    result = plan_io.import_plan(broken, plan_code="KH-SAI")
    assert result.issues == [
        "Sheet Chỉ tiêu, dòng 4, cột «Kết quả»: Kết quả «chưa rõ» không phải là số.",
        "Sheet Chỉ tiêu, dòng 5, cột «Đơn vị báo cáo (mã định danh)»: Không có cơ quan mã «000.00.99.H96».",
    ]
    assert not ItPlan.objects.filter(code="KH-SAI").exists()


def test_reimport_updates_in_place_and_keeps_unit_entries(world, test_indicator, tmp_path):
    from egov.plans import services

    plan = plan_io.import_plan(world.plan_file(tmp_path)).plan
    mailboxes = plan.indicators.get(section_code="II", number="2")
    services.enter_actual(mailboxes, actor=world.leader_a, actual="85%")
    data = world.plan_json()
    data["sections"][0]["indicators"].pop(0)
    data["projects"].pop(1)
    path = tmp_path / "lan-2.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert plan_io.import_plan(path).ok
    mailboxes.refresh_from_db()
    assert mailboxes.actual == "85%" and mailboxes.result == "achieved"
    assert plan.indicators.count() == 5 and plan.projects.count() == 1


def test_example_file_in_the_docs_imports(db, settings):
    from egov.agencies.demo import load_demo as load_agencies

    load_agencies()
    result = plan_io.import_plan(plan_io.Path(plan_io.__file__).parent / "data" / "example_plan.json")
    assert result.ok, result.issues
    assert result.plan.indicators.count() == 11
    assert result.plan.indicators.get(section_code="IV", number="3").result == "not_achieved"
