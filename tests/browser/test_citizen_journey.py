"""Acceptance test of issue 9: a citizen's whole online journey in a real browser.

Register (code read from the e-mail outbox), find a procedure typing without diacritics, apply with an
upload, the back office accepts and processes it on its own pages (second browser context), pay through
the payment simulator (whose IPN reaches our endpoint over HTTP), track, download the signed result, rate.
The outbox handlers (notifications, signing the result) run in-process with ``deliver_due()``: no worker,
no sleeps.
"""

import re

import pytest

import browser_tools
from browser_tools import expect_success, in_thread
from egov.dossiers.models import Dossier
from egov.dossiers.transitions import Status
from egov.events.dispatcher import deliver_due
from egov.notifications.models import Message
from egov.services_portal.models import Rating, StoredPaper
from egov.signatures import services as signature_services
from egov.signatures.pdfgen import sample_pdf
from services_portal.portal_factories import PortalWorld

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "nhung.e2e@example.vn"
PASSWORD = "Mat-khau-2026"
STAFF_PASSWORD = "Mat-khau-2026"


@pytest.fixture
def world(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo CA and the result's signing key live here, not in the developer's var
    world = PortalWorld()
    signature_services.issue_certificate(agency=world.so)
    return world


@pytest.fixture
def staff(_browser, live_server):
    context = _browser.new_context(base_url=live_server.url, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def run_outbox():
    """One pass of the worker's delivery loop (notifications, signing the result)."""
    in_thread(deliver_due)


def sign_in_staff(tab, user):
    browser_tools.sign_in_staff(tab, user.username, STAFF_PASSWORD)


def act(tab, dossier_pk, action, fields=None, files=None):
    """Take one action of the transition table on the staff dossier page; the dossier as it is then."""
    browser_tools.act(tab, dossier_pk, action, fields, files)
    return Dossier.objects.get(pk=dossier_pk)


def register(page):
    page.goto("/dich-vu-cong/dang-ky/")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill(EMAIL)
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Nguyễn Thị Hồng Nhung")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.get_by_label("Mã xác minh (6 chữ số)").wait_for()
    message = Message.objects.filter(recipient=EMAIL, reason="portal_verify").latest("created_at")
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    page.get_by_label("Mã xác minh (6 chữ số)").fill(code)
    page.get_by_role("button", name="Xác minh").click()
    page.wait_for_url("**/dich-vu-cong/tai-khoan/")
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("001190012345")
    page.get_by_label("Địa chỉ").fill("Số 1 đường Lê Lợi, phường An Khánh")
    page.get_by_role("button", name="Lưu").click()
    expect_success(page)


def apply_online(page, world, tmp_path):
    page.goto("/dich-vu-cong/")
    page.get_by_label("Từ khóa").fill("ly lich tu phap")  # typed without diacritics
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name=world.procedure.name).click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Lưu và tiếp tục").click()  # the fields come prefilled from the profile
    page.wait_for_url("**/giay-to/")
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(sample_pdf())
    for document in (world.form, world.id_card):
        page.locator(f"#files-{document.pk}").set_input_files(str(scan))
        page.locator(f"form:has(#files-{document.pk})").get_by_role("button", name="Tải lên").click()
        expect_success(page)
    page.get_by_role("link", name="Tiếp tục").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/ho-so-cua-toi/\d+/$"))
    return Dossier.objects.get(applicant_user__username=EMAIL)


def test_citizen_journey(page, staff, world, tmp_path):
    register(page)
    dossier = apply_online(page, world, tmp_path)
    assert dossier.status == Status.NEW

    w = world
    sign_in_staff(staff, w.officer)
    dossier = act(staff, dossier.pk, "accept")
    assert dossier.status == Status.RECEIVED and dossier.code
    act(staff, dossier.pk, "request_payment", {"Số tiền (đồng)": "200000"})
    run_outbox()  # e-mails to the applicant

    page.goto(f"/dich-vu-cong/ho-so-cua-toi/{dossier.pk}/")
    page.get_by_role("button", name="Thanh toán phí, lệ phí").click()
    page.get_by_role("button", name="Thanh toán", exact=True).click()  # the simulator's payment screen
    page.get_by_role("link", name="Quay lại hồ sơ").wait_for()
    dossier.refresh_from_db()
    assert dossier.fee_paid and dossier.status == Status.RECEIVED  # set by the IPN, not by the browser

    act(staff, dossier.pk, "assign", {"Phòng chuyên môn": w.dept.name})  # to the Sở's department
    sign_in_staff(staff, w.head)
    act(staff, dossier.pk, "assign_specialist", {"Chuyên viên thụ lý": w.specialist.full_name})
    sign_in_staff(staff, w.specialist)
    act(staff, dossier.pk, "submit_for_approval")
    sign_in_staff(staff, w.leader)
    result = tmp_path / "phieu-ly-lich-tu-phap.pdf"
    result.write_bytes(sample_pdf())
    act(
        staff,
        dossier.pk,
        "approve",
        {"Tên kết quả giải quyết": "Phiếu lý lịch tư pháp số 1/PLLTP"},
        {"Tệp kết quả điện tử": str(result)},
    )
    run_outbox()  # signs the result with the Sở's certificate; notifies the applicant
    sign_in_staff(staff, w.officer)
    dossier = act(staff, dossier.pk, "return_result")
    assert dossier.status == Status.RETURNED
    run_outbox()  # the result also goes to the citizen's personal data store

    page.goto("/dich-vu-cong/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("4 số cuối số định danh hoặc số điện thoại").fill("2345")
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_text("Đã trả kết quả").first.wait_for()

    page.goto(f"/dich-vu-cong/ho-so-cua-toi/{dossier.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải kết quả").click()
    pdf = open(download_info.value.path(), "rb").read()
    [report] = in_thread(signature_services.verify_pdf, pdf)
    assert report.valid and report.signer == w.so.name

    page.get_by_label("5 — Rất hài lòng").check()
    page.get_by_label("Góp ý").fill("Nhanh, không phải đến cơ quan.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text("Bạn đã đánh giá 5/5.").wait_for()
    assert Rating.objects.get(dossier=dossier).score == 5
    assert StoredPaper.objects.filter(user=dossier.applicant_user, source=StoredPaper.Source.RESULT).exists()
