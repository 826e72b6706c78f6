"""get_calendar(): settings, the calendar file and CalendarDay rows; the loader and the services."""

import json
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from egov.workdays import services
from egov.workdays.loader import CalendarEntry, CalendarFileError, parse_calendar_text, read_calendar_file
from egov.workdays.models import CalendarDay
from egov.workdays.provider import get_calendar
from workdays.factories import CalendarDayFactory
from workdays.helpers import vn

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 9)
SATURDAY = date(2026, 3, 14)


def test_default_calendar_follows_the_settings():
    cal = get_calendar()
    assert cal.add_working_days(vn(2026, 4, 28, 10), 3) == vn(2026, 5, 5, 10)
    assert get_calendar() is cal  # cached


def test_settings_change_rebuilds_the_calendar(settings):
    get_calendar()
    settings.WORKDAYS_HOURS = "07:00-11:00,13:00-17:00"
    settings.WORKDAYS_CUTOFF = ""
    cal = get_calendar()
    assert cal.working_intervals(MONDAY)[0][0] == vn(2026, 3, 9, 7)
    assert cal.cutoff is None


def test_bad_settings_raise_a_configuration_error(settings):
    settings.WORKDAYS_HOURS = "sáng"
    with pytest.raises(ImproperlyConfigured, match="WORKDAYS"):
        get_calendar()


def test_calendar_day_rows_override_and_changes_show_at_once():
    assert get_calendar().is_working_day(MONDAY)
    row = CalendarDayFactory(date=MONDAY, kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ bù bầu cử")
    assert not get_calendar().is_working_day(MONDAY)
    assert get_calendar().day_name(MONDAY) == "Nghỉ bù bầu cử"
    services.delete_calendar_days([row])
    assert get_calendar().is_working_day(MONDAY)


def test_make_up_saturday_row():
    services.set_calendar_day(SATURDAY, CalendarDay.Kind.WORKING_DAY, "Làm bù")
    assert get_calendar().add_working_days(vn(2026, 3, 13, 10), 1) == vn(2026, 3, 14, 10)


def test_rolled_back_change_is_not_cached():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.set_calendar_day(MONDAY, CalendarDay.Kind.DAY_OFF)
        assert not get_calendar().is_working_day(MONDAY)
        raise RuntimeError
    assert get_calendar().is_working_day(MONDAY)


def test_calendar_file_setting_applies_under_the_rows(settings, tmp_path):
    path = tmp_path / "lich.json"
    path.write_text(
        json.dumps(
            [
                {"date": "2026-03-09", "kind": "day_off", "note": "Theo tệp"},
                {"date": "2026-03-14", "kind": "working_day", "note": "Theo tệp"},
            ]
        ),
        encoding="utf-8",
    )
    settings.WORKDAYS_CALENDAR_FILE = str(path)
    assert not get_calendar().is_working_day(MONDAY)
    assert get_calendar().is_working_day(SATURDAY)
    services.set_calendar_day(MONDAY, CalendarDay.Kind.WORKING_DAY)
    assert get_calendar().is_working_day(MONDAY)


def test_missing_calendar_file_setting_is_a_configuration_error(settings, tmp_path):
    settings.WORKDAYS_CALENDAR_FILE = str(tmp_path / "khong-co.csv")
    with pytest.raises(ImproperlyConfigured, match="Không đọc được"):
        get_calendar()


def test_one_query_per_build_and_none_while_cached(django_assert_num_queries):
    with django_assert_num_queries(1):
        get_calendar()
    with django_assert_num_queries(0):
        get_calendar().add_working_days(vn(2026, 4, 28, 10), 30)


class TestLoader:
    def test_csv_with_bom_semicolons_and_vietnamese_dates(self, tmp_path):
        path = tmp_path / "lich.csv"
        path.write_text("\ufeffdate;kind;note\n09/03/2026;day_off;Nghỉ\n2026-03-14;working_day;\n", encoding="utf-8")
        assert read_calendar_file(path) == [
            (MONDAY, "day_off", "Nghỉ"),
            (SATURDAY, "working_day", ""),
        ]

    def test_errors_name_the_line(self):
        text = "date,kind,note\n2026-02-30,day_off,\n2026-03-09,holiday,\n2026-03-10,day_off,\n2026-03-10,day_off,\n"
        with pytest.raises(CalendarFileError) as error:
            parse_calendar_text(text, "csv")
        assert [e.split(":")[0] for e in error.value.errors] == ["Dòng 2", "Dòng 3", "Dòng 5"]
        assert "lặp lại" in error.value.errors[-1]

    @pytest.mark.parametrize("text", ["{", '{"days": 3}', "[1]"])
    def test_bad_json(self, text):
        with pytest.raises(CalendarFileError):
            parse_calendar_text(text, "json")

    def test_csv_without_header(self):
        with pytest.raises(CalendarFileError, match="tiêu đề"):
            parse_calendar_text("2026-03-09,day_off,\n", "csv")

    def test_unknown_extension(self, tmp_path):
        with pytest.raises(CalendarFileError, match=".json"):
            read_calendar_file(tmp_path / "lich.xlsx")


class TestServices:
    def test_load_counts_created_updated_unchanged(self, tmp_path):
        CalendarDayFactory(date=MONDAY, kind=CalendarDay.Kind.DAY_OFF, note="Cũ")
        CalendarDayFactory(date=date(2026, 3, 10), kind=CalendarDay.Kind.DAY_OFF, note="")
        path = tmp_path / "lich.json"
        path.write_text(
            json.dumps(
                {
                    "days": [
                        {"date": "2026-03-09", "kind": "day_off", "note": "Mới"},
                        {"date": "2026-03-10", "kind": "day_off", "note": ""},
                        {"date": "2026-03-14", "kind": "working_day", "note": "Làm bù"},
                    ]
                }
            ),
            encoding="utf-8",
        )
        result = services.load_calendar_file(path)
        assert (result.created, result.updated, result.unchanged, result.removed) == (1, 1, 1, 0)
        assert CalendarDay.objects.get(date=MONDAY).note == "Mới"

    def test_replace_removes_the_same_years_rows_missing_from_the_file(self):
        CalendarDayFactory(date=date(2026, 5, 4))
        CalendarDayFactory(date=date(2027, 5, 4))
        result = services.load_calendar_entries([CalendarEntry(MONDAY, "day_off", "")], replace=True)
        assert result.removed == 1
        assert set(CalendarDay.objects.values_list("date", flat=True)) == {MONDAY, date(2027, 5, 4)}

    def test_bad_kind_is_refused(self):
        with pytest.raises(ValidationError):
            services.set_calendar_day(MONDAY, "holiday")


def test_admin_lists_adds_and_deletes_calendar_days(client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "Mat-khau-2026")
    client.force_login(admin)
    CalendarDayFactory(date=MONDAY, note="Nghỉ bù bầu cử")
    page = client.get("/django-admin/workdays/calendarday/")
    assert page.status_code == 200
    assert "Nghỉ bù bầu cử" in page.text and "Thứ Hai" in page.text
    response = client.post(
        "/django-admin/workdays/calendarday/add/", {"date": "14/03/2026", "kind": "working_day", "note": "Làm bù"}
    )
    assert response.status_code == 302, [line for line in response.text.splitlines() if "errorlist" in line]
    assert get_calendar().is_working_day(SATURDAY)
    row = CalendarDay.objects.get(date=SATURDAY)
    client.post(f"/django-admin/workdays/calendarday/{row.pk}/delete/", {"post": "yes"})
    assert not get_calendar().is_working_day(SATURDAY)
