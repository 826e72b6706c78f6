"""Importing a catalogue file: creation, upsert, audit, and row-level errors that leave the database untouched."""

import json
from decimal import Decimal

import pytest

from egov.accounts.models import Role
from egov.attachments.models import Attachment
from egov.audit.models import AuditRecord
from egov.events.models import OutboxEvent
from egov.procedures import services
from egov.procedures.io import xlsx_format
from egov.procedures.models import Procedure, RequiredDocument, Sector
from egov.procedures.records import ProcedureRecord, catalogue_queryset, record_of
from factories import AgencyFactory, OfficialFactory, StaffUserFactory
from procedures.factories import NamedBytes, edit_workbook, procedure_data

pytestmark = pytest.mark.django_db


def json_file(*procedures, name="danh-muc.json"):
    return NamedBytes(json.dumps({"procedures": list(procedures)}, ensure_ascii=False).encode(), name)


def xlsx_file(*procedures, edit=None):
    """The XLSX form of ``procedures`` (JSON dicts), optionally edited with openpyxl."""
    records = [services_record(p) for p in procedures]
    content = xlsx_format.write(records)
    return NamedBytes(edit_workbook(content, edit) if edit else content, "danh-muc.xlsx")


def services_record(data: dict) -> ProcedureRecord:
    from egov.procedures.io import json_format
    from egov.procedures.io.cleaning import clean_procedure
    from egov.procedures.io.issues import Issues

    issues = Issues()
    record = clean_procedure(json_format.read_procedure(data, 1, issues), issues)
    assert not issues, issues
    return record


def nothing_written():
    return not Procedure.objects.exists() and not Sector.objects.exists() and not AuditRecord.objects.exists()


# --- good files -----------------------------------------------------------------------------------


def test_json_import_creates_procedures_with_everything(agencies):
    codes = [a.code for a in agencies]
    second = procedure_data(
        codes[1:],
        code="2.000200",
        name="Đăng ký khai sinh",
        level="commune",
        steps=[],
        time_unit="working_hours",
        processing_time=8,
        sector={"code": "HT", "name": "Hộ tịch"},
    )
    result = services.import_catalogue(json_file(procedure_data(codes[:1]), second))

    assert result.ok and result.created == ["1.000100", "2.000200"] and not result.updated
    procedure = catalogue_queryset().get(code="1.000100")
    assert procedure.sector.name == "Hoạt động xây dựng"
    assert [a.code for a in procedure.agencies.all()] == codes[:1]
    assert [(d.name, d.form, d.count, d.is_mandatory) for d in procedure.required_documents.all()] == [
        ("Đơn đề nghị cấp giấy phép xây dựng", "original", 1, True),
        ("Bản vẽ thiết kế", "copy", 2, False),
    ]
    assert [(f.name, f.amount) for f in procedure.fees.all()] == [("Lệ phí cấp giấy phép", Decimal("75000"))]
    assert [s.duration for s in procedure.steps.all()] == [
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("7.5"),
        1,
        Decimal("0.5"),
    ]
    procedure.check_steps()
    assert Procedure.objects.get(code="2.000200").get_time_unit_display() == "giờ làm việc"


def test_each_created_procedure_is_audited_and_published(agencies):
    result = services.import_catalogue(json_file(procedure_data([agencies[0].code])))
    assert result.ok
    record = AuditRecord.objects.get(action="procedure.created")
    assert record.object_id == str(Procedure.objects.get().pk)
    assert record.after["code"] == "1.000100" and record.before is None
    assert OutboxEvent.objects.filter(topic="procedure.created").count() == 1


def test_import_updates_by_code_and_audits_only_what_changed(agencies):
    services.import_catalogue(json_file(procedure_data([agencies[0].code])))
    changed = procedure_data([a.code for a in agencies], name="Cấp giấy phép xây dựng (sửa đổi)")
    result = services.import_catalogue(json_file(changed))

    assert result.updated == ["1.000100"] and not result.created
    assert Procedure.objects.get().name == "Cấp giấy phép xây dựng (sửa đổi)"
    audit = AuditRecord.objects.get(action="procedure.updated")
    assert set(audit.after) == {"name", "agencies"}
    assert audit.before["name"] == "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"


def test_importing_the_same_file_twice_changes_nothing(agencies):
    upload = json_file(procedure_data([agencies[0].code]))
    services.import_catalogue(upload)
    before = (AuditRecord.objects.count(), Procedure.objects.get().updated_at)
    result = services.import_catalogue(upload)
    assert result.unchanged == ["1.000100"] and not result.created and not result.updated
    assert (AuditRecord.objects.count(), Procedure.objects.get().updated_at) == before


def test_update_keeps_form_templates_of_documents_still_listed(agencies):
    services.import_catalogue(json_file(procedure_data([agencies[0].code])))
    document = RequiredDocument.objects.get(name="Đơn đề nghị cấp giấy phép xây dựng")
    template = Attachment.objects.create(original_name="mau.pdf", content_type="application/pdf", size=1, sha256="0")
    RequiredDocument.objects.filter(pk=document.pk).update(template=template)
    data = procedure_data([agencies[0].code])
    data["required_documents"] = [{"order": 1, "name": "Đơn đề nghị cấp giấy phép xây dựng", "count": 2}]
    services.import_catalogue(json_file(data))
    kept = RequiredDocument.objects.get()
    assert (kept.pk, kept.template_id, kept.count) == (document.pk, template.pk, 2)


def test_dry_run_reports_and_writes_nothing(agencies):
    result = services.import_catalogue(json_file(procedure_data([agencies[0].code])), dry_run=True)
    assert result.ok and result.dry_run and result.created == ["1.000100"]
    assert nothing_written()


def test_xlsx_import_accepts_labels_and_vietnamese_numbers(agencies):
    def edit(workbook):
        sheet = workbook["Quy trình"]
        sheet["F4"] = "7,5"  # third step, decimal comma
        sheet["D2"] = "cán bộ một cửa"  # label without capitals
        workbook["Phí"]["C2"] = "75.000 đồng"
        workbook["Thủ tục"]["E2"] = "cap tinh"  # no diacritics

    result = services.import_catalogue(xlsx_file(procedure_data([agencies[0].code]), edit=edit))
    assert result.ok, result.issues
    procedure = catalogue_queryset().get()
    assert procedure.fees.get().amount == 75000 and procedure.level == "province"
    procedure.check_steps()


def test_save_procedure_creates_one_and_rejects_bad_data(agencies):
    user = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    procedure = services.save_procedure(procedure_data([agencies[0].code]), actor=user)
    assert procedure.code == "1.000100" and AuditRecord.objects.get().actor_id == user.pk
    with pytest.raises(Exception) as excinfo:
        services.save_procedure(procedure_data([agencies[0].code], name=""), actor=user)
    assert "Không được để trống" in str(excinfo.value)


# --- bad files: each problem reported with its place, nothing written ----------------------------


def bad_json(agency_list, overrides):
    good = procedure_data([agency_list[0].code], code="1.000099")
    bad = procedure_data([agency_list[0].code])
    bad.update(overrides)
    return json_file(good, bad)


@pytest.mark.parametrize(
    ("overrides", "where", "message"),
    [
        (
            {"agencies": ["000.00.77.H97"]},
            "Thủ tục thứ 2 (1.000100), trường «agencies»",
            "Không có cơ quan mã 000.00.77.H97",
        ),
        ({"name": ""}, "Thủ tục thứ 2 (1.000100), trường «name»", "Không được để trống"),
        ({"level": "district"}, "Thủ tục thứ 2 (1.000100), trường «level»", "«district» không hợp lệ"),
        (
            {"processing_time": 12},
            "Thủ tục thứ 2 (1.000100), bước thứ 5",
            "Tổng thời gian các bước 10 khác thời hạn 12",
        ),
        ({"code": "1.000099"}, "Thủ tục thứ 2 (1.000099), trường «code»", "bị trùng (đã có ở Thủ tục thứ 1"),
    ],
)
def test_bad_json_rows_are_reported_and_nothing_is_written(agencies, overrides, where, message):
    result = services.import_catalogue(bad_json(agencies, overrides))
    assert not result.ok
    assert len(result.issues) == 1, [str(i) for i in result.issues]
    issue = result.issues[0]
    assert issue.where == where and message in issue.message
    assert nothing_written()


def xlsx_with_two(agencies, edit):
    good = procedure_data([agencies[0].code], code="1.000099")
    return xlsx_file(good, procedure_data([agencies[0].code]), edit=edit)


def set_cell(sheet, cell, value):
    def edit(workbook):
        workbook[sheet][cell] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "sheet", "row", "column", "message"),
    [
        (
            set_cell("Thủ tục", "G3", "000.00.77.H97"),
            "Thủ tục",
            3,
            "Cơ quan giải quyết (mã định danh)",
            "Không có cơ quan mã 000.00.77.H97",
        ),
        (set_cell("Thủ tục", "B3", None), "Thủ tục", 3, "Tên thủ tục", "Không được để trống"),
        (set_cell("Thủ tục", "E3", "Cấp huyện"), "Thủ tục", 3, "Cấp thực hiện", "«Cấp huyện» không hợp lệ"),
        (set_cell("Quy trình", "F9", 9.5), "Quy trình", 11, "", "Tổng thời gian các bước 12 khác thời hạn 10 ngày"),
        (set_cell("Thủ tục", "A3", "1.000099"), "Thủ tục", 3, "Mã TTHC", "bị trùng (đã có ở dòng 2)"),
        (set_cell("Phí", "C3", "theo diện tích"), "Phí", 3, "Mức thu (đồng)", "phải là số tiền"),
        (set_cell("Quy trình", "D4", "Thủ trưởng"), "Quy trình", 4, "Vai trò thực hiện", "không hợp lệ"),
        (
            set_cell("Thành phần hồ sơ", "A5", "9.999999"),
            "Thành phần hồ sơ",
            5,
            "Mã TTHC",
            "Mã TTHC «9.999999» không có trong sheet «Thủ tục»",
        ),
        (set_cell("Thủ tục", "A3", 1.0001), "Thủ tục", 3, "Mã TTHC", "dạng văn bản"),
    ],
)
def test_bad_xlsx_rows_are_reported_with_sheet_row_and_column(agencies, edit, sheet, row, column, message):
    result = services.import_catalogue(xlsx_with_two(agencies, edit))
    assert not result.ok
    matching = [i for i in result.issues if (i.sheet, i.row, i.column) == (sheet, row, column)]
    assert matching and message in matching[0].message, [str(i) for i in result.issues]
    assert str(matching[0]).startswith(f"Sheet {sheet}, dòng {row}")
    assert nothing_written()


def test_step_total_message_reads_naturally(agencies):
    result = services.import_catalogue(xlsx_with_two(agencies, set_cell("Quy trình", "F9", 9.5)))
    assert (
        str(result.issues[0]) == "Sheet Quy trình, dòng 11: Tổng thời gian các bước 12 khác thời hạn 10 ngày làm việc."
    )


def test_every_bad_row_of_a_file_is_reported_in_sheet_order(agencies):
    def edit(workbook):
        workbook["Quy trình"]["C2"] = None
        workbook["Thủ tục"]["H3"] = "mười"
        workbook["Thành phần hồ sơ"]["E2"] = 0

    result = services.import_catalogue(xlsx_with_two(agencies, edit))
    assert [(i.sheet, i.row) for i in result.issues] == [("Thủ tục", 3), ("Thành phần hồ sơ", 2), ("Quy trình", 2)]
    assert nothing_written()


def test_one_bad_procedure_blocks_the_good_ones_and_an_existing_one_stays(agencies):
    services.import_catalogue(json_file(procedure_data([agencies[0].code], code="1.000099")))
    before = record_of(catalogue_queryset().get())
    changed = procedure_data([agencies[0].code], code="1.000099", name="Tên mới")
    result = services.import_catalogue(json_file(changed, procedure_data(["000.00.77.H97"])))
    assert not result.ok
    assert record_of(catalogue_queryset().get()) == before and Procedure.objects.count() == 1


def test_missing_sheet_and_missing_column_are_reported(agencies):
    def edit(workbook):
        del workbook["Phí"]
        workbook["Quy trình"]["F1"] = "Thời lượng"

    result = services.import_catalogue(xlsx_file(procedure_data([agencies[0].code]), edit=edit))
    messages = [str(i) for i in result.issues]
    assert "Thiếu sheet «Phí»." in messages
    assert "Sheet Quy trình, dòng 1: Thiếu cột «Thời gian»." in messages


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a zip", "a.xlsx", "Tệp không phải là bảng tính XLSX hợp lệ."),
        (b"{oops", "a.json", "Tệp JSON không hợp lệ (dòng 1, cột 2)."),
        (b'{"procedures": {}}', "a.json", "Tệp JSON phải là danh sách thủ tục"),
        (b"[]", "a.json", "Tệp không có thủ tục nào."),
        (b"x", "a.csv", "Chỉ nhận tệp .xlsx hoặc .json."),
    ],
)
def test_unreadable_files_get_a_clear_message(content, name, message):
    result = services.import_catalogue(NamedBytes(content, name))
    assert not result.ok and str(result.issues[0]).startswith(message)


def test_unknown_json_keys_are_reported(agencies):
    data = procedure_data([agencies[0].code], proccessing_time=3)
    result = services.import_catalogue(json_file(data))
    assert [i.column for i in result.issues] == ["proccessing_time"]


# --- scope ----------------------------------------------------------------------------------------


def test_agency_admin_may_only_link_agencies_in_his_scope(agencies):
    admin = StaffUserFactory(official=OfficialFactory(agency=agencies[0]), roles=[Role.AGENCY_ADMIN])
    result = services.import_catalogue(json_file(procedure_data([a.code for a in agencies])), actor=admin)
    assert [i.message for i in result.issues] == [
        "Cơ quan 000.00.31.H97 (Ủy ban nhân dân xã Thử) nằm ngoài phạm vi quản lý của bạn."
    ]
    result = services.import_catalogue(json_file(procedure_data([agencies[0].code])), actor=admin)
    assert result.ok and Procedure.objects.count() == 1


def test_agency_admin_may_not_change_a_procedure_shared_with_other_agencies(agencies):
    services.import_catalogue(json_file(procedure_data([a.code for a in agencies])))
    admin = StaffUserFactory(official=OfficialFactory(agency=agencies[0]), roles=[Role.AGENCY_ADMIN])
    result = services.import_catalogue(json_file(procedure_data([agencies[0].code])), actor=admin)
    assert "không được sửa" in result.issues[0].message
    assert Procedure.objects.get().agencies.count() == 2


def test_a_system_admin_sees_the_whole_province(agencies):
    admin = StaffUserFactory(official=OfficialFactory(agency=AgencyFactory()), roles=[Role.SYSTEM_ADMIN])
    result = services.import_catalogue(json_file(procedure_data([a.code for a in agencies])), actor=admin)
    assert result.ok
