"""The staff import page (upload, errors per row, permissions), the export download and public form templates."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.accounts.models import Role
from egov.attachments.services import store_upload
from egov.procedures.models import Procedure
from factories import OfficialFactory, StaffUserFactory, UserFactory
from procedures.factories import ProcedureFactory, RequiredDocumentFactory, pdf_bytes, procedure_data

pytestmark = [pytest.mark.django_db, pytest.mark.urls("procedures.urls")]
IMPORT = "/quan-tri/thu-tuc/nhap/"
EXPORT = "/quan-tri/thu-tuc/xuat/"


def upload(data, name="danh-muc.json"):
    return SimpleUploadedFile(name, json.dumps(data, ensure_ascii=False).encode(), content_type="application/json")


@pytest.fixture
def system_admin(client, agencies):
    client.force_login(StaffUserFactory(official=OfficialFactory(agency=agencies[0]), roles=[Role.SYSTEM_ADMIN]))
    return client


def test_anonymous_is_sent_to_sign_in_and_other_roles_are_refused(client, agencies):
    assert client.get(IMPORT).status_code == 302
    client.force_login(StaffUserFactory(roles=[Role.SPECIALIST]))
    assert client.get(IMPORT).status_code == 403
    assert client.get(EXPORT).status_code == 403
    client.force_login(UserFactory())
    assert client.get(IMPORT).status_code == 403


def test_the_page_shows_the_form(system_admin):
    content = system_admin.get(IMPORT).content.decode()
    assert 'type="file"' in content and "Nhập danh mục thủ tục hành chính" in content


def test_a_good_file_is_imported(system_admin, agencies):
    response = system_admin.post(IMPORT, {"file": upload([procedure_data([agencies[0].code])])})
    assert "Đã nhập: thêm 1 thủ tục" in response.content.decode()
    assert Procedure.objects.get().code == "1.000100"


def test_a_dry_run_writes_nothing(system_admin, agencies):
    response = system_admin.post(IMPORT, {"file": upload([procedure_data([agencies[0].code])]), "dry_run": "on"})
    assert "Nếu nhập sẽ thêm 1 thủ tục" in response.content.decode()
    assert not Procedure.objects.exists()


def test_a_bad_file_shows_every_error_and_writes_nothing(system_admin, agencies):
    bad = procedure_data(["000.00.77.H97"], name="", level="huyen")
    content = system_admin.post(IMPORT, {"file": upload([bad])}).content.decode()
    assert "Tệp có 3 lỗi; chưa ghi gì vào hệ thống." in content
    assert "Không có cơ quan mã 000.00.77.H97" in content and "Không được để trống." in content
    assert not Procedure.objects.exists()


def test_a_file_of_another_type_is_refused_by_the_form(system_admin):
    response = system_admin.post(IMPORT, {"file": SimpleUploadedFile("a.csv", b"x")})
    assert "Chỉ nhận tệp .xlsx hoặc .json." in response.content.decode()


def test_an_agency_admin_can_import_within_his_scope(client, agencies):
    client.force_login(StaffUserFactory(official=OfficialFactory(agency=agencies[0]), roles=[Role.AGENCY_ADMIN]))
    content = client.post(IMPORT, {"file": upload([procedure_data([a.code for a in agencies])])}).content.decode()
    assert "nằm ngoài phạm vi quản lý của bạn" in content


@pytest.mark.parametrize(("format", "content_type"), [("json", "application/json"), ("xlsx", "spreadsheetml")])
def test_export_downloads_the_catalogue(system_admin, agencies, format, content_type):
    ProcedureFactory(code="1.000555", agencies=agencies)
    response = system_admin.get(EXPORT, {"dinh-dang": format})
    assert response.status_code == 200 and content_type in response["Content-Type"]
    assert f"danh-muc-thu-tuc.{format}" in response["Content-Disposition"]
    assert b"1.000555" in response.content or format == "xlsx"
    assert system_admin.get(EXPORT, {"dinh-dang": "csv"}).status_code == 404


def test_form_templates_are_public(client):
    pdf = SimpleUploadedFile("to-khai.pdf", pdf_bytes())
    document = RequiredDocumentFactory(template=store_upload(pdf))
    response = client.get(f"/thu-tuc/mau-don/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    Procedure.objects.update(is_active=False)
    assert client.get(f"/thu-tuc/mau-don/{document.pk}/").status_code == 404
    assert client.get(f"/thu-tuc/mau-don/{RequiredDocumentFactory().pk}/").status_code == 404
