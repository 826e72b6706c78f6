"""``egov workdays add|between|load|holidays``."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from egov.cli import main
from egov.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


class TestAdd:
    def test_the_example(self):
        assert run("add", "--from", "2026-04-28T10:00", "--days", "3") == "2026-05-05T10:00:00+07:00"

    def test_offsets_and_vietnamese_dates_are_accepted(self):
        assert run("add", "--from", "2026-04-28T03:00:00Z", "--days", "3") == "2026-05-05T10:00:00+07:00"
        assert run("add", "--from", "28/04/2026 10:00", "--days", "3") == "2026-05-05T10:00:00+07:00"

    def test_hours(self):
        assert run("add", "--from", "2026-04-28T10:00", "--hours", "2") == "2026-04-28T14:00:00+07:00"
        assert run("add", "--from", "2026-04-28T10:00", "--hours", "1,5") == "2026-04-28T11:30:00+07:00"

    def test_after_cut_off_and_without_it(self):
        assert run("add", "--from", "2026-04-28T16:00", "--days", "1") == "2026-05-04T07:30:00+07:00"
        assert run("add", "--from", "2026-04-28T16:00", "--days", "1", "--no-cutoff") == "2026-04-29T16:00:00+07:00"

    def test_rule_and_pause(self):
        assert run("add", "--from", "2026-04-28T10:00", "--days", "3", "--rule", "end-of-day") == (
            "2026-05-05T17:00:00+07:00"
        )
        out = run("add", "--from", "2026-03-03T10:00", "--days", "3", "--pause", "2026-03-04T10:00", "2026-03-05T10:00")
        assert out == "2026-03-09T10:00:00+07:00"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--from", "hôm qua", "--days", "3"], "Thời điểm không hợp lệ"),
            (["--from", "2026-04-28T10:00", "--days", "-3"], "số nguyên không âm"),
            (["--from", "2026-04-28T10:00", "--hours", "abc"], "Số giờ"),
            (["--from", "2026-04-28T10:00"], "--days hoặc --hours"),
            (["--from", "2026-04-28T10:00", "--days", "1", "--hours", "2"], "--days hoặc --hours"),
            (["--from", "2026-04-28T10:00", "--days", "1", "--rule", "x"], "Quy tắc"),
        ],
    )
    def test_bad_input(self, args, message):
        with pytest.raises(CommandError, match=message):
            run("add", *args)


def test_between_prints_working_days_or_hours():
    assert run("between", "2026-04-28T10:00", "2026-05-05T10:00") == "3"
    assert run("between", "2026-04-28", "2026-05-05") == "3"
    assert run("between", "2026-04-28T07:30", "2026-04-28T11:15") == "0.5"
    assert run("between", "2026-04-28T10:00", "2026-04-28T14:00", "--hours") == "2"


def test_holidays_lists_days_off_with_names():
    lines = run("holidays", "2026").splitlines()
    assert any(line.startswith("2026-02-17") and "Tết Nguyên Đán" in line for line in lines)
    assert any(line.startswith("2026-04-26") and "trùng ngày nghỉ hằng tuần" in line for line in lines)
    assert any(line.startswith("2026-08-22") and "làm việc" in line for line in lines)


def test_holidays_shows_the_provinces_days():
    CalendarDay.objects.create(date="2026-03-09", kind="day_off", note="Nghỉ theo tỉnh")
    assert "2026-03-09  Thứ Hai" in run("holidays", "2026")
    assert "Nghỉ theo tỉnh [lịch tỉnh]" in run("holidays", "2026")


@pytest.mark.parametrize("year", ["20x6", "1900"])
def test_holidays_bad_year(year):
    with pytest.raises(CommandError, match="Năm không hợp lệ"):
        run("holidays", year)


def test_load_then_add_uses_the_loaded_day(tmp_path):
    path = tmp_path / "lich.json"
    path.write_text(json.dumps([{"date": "2026-05-04", "kind": "day_off", "note": "Nghỉ thêm"}]), encoding="utf-8")
    assert "1 ngày thêm mới" in run("load", str(path))
    assert run("add", "--from", "2026-04-28T10:00", "--days", "3") == "2026-05-06T10:00:00+07:00"


def test_load_reports_file_errors(tmp_path):
    path = tmp_path / "lich.csv"
    path.write_text("date,kind,note\n2026-13-01,day_off,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 2: ngày “2026-13-01” không hợp lệ"):
        run("load", str(path))
    with pytest.raises(CommandError, match="Cần đường dẫn"):
        run("load")


def test_missing_subcommand():
    with pytest.raises(CommandError, match="Thiếu lệnh con"):
        run()


def test_console_script_exits_non_zero_with_a_vietnamese_message(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["workdays", "add", "--from", "ngày mai", "--days", "1"])
    assert exit_info.value.code != 0
    assert "Thời điểm không hợp lệ" in capsys.readouterr().err
