"""The services portal's pages have no serious or critical axe-core violations (WCAG 2.1 A and AA)."""

import pytest

from browser_tools import axe_violations, describe
from egov.services_portal.services import start_draft
from services_portal.portal_factories import PortalWorld

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Mat-khau-2026"


@pytest.fixture
def world():
    return PortalWorld()


def check(page, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "vi"
    violations = axe_violations(page)
    assert not violations, f"{path}\n{describe(violations)}"


def test_public_pages(page, world):
    check(page, "/dich-vu-cong/")
    check(page, "/dich-vu-cong/?q=ly+lich+tu+phap")
    check(page, f"/dich-vu-cong/thu-tuc/{world.procedure.pk}/")
    check(page, "/cong-dan/dang-nhap/")
    check(page, "/dich-vu-cong/dang-ky/")
    check(page, "/dich-vu-cong/tra-cuu/")
    check(page, "/dich-vu-cong/tra-cuu/?code=KHONG-CO&last_digits=12")  # with its error messages
    check(page, "/dich-vu-cong/thong-ke/")


def test_application_steps(page, world):
    draft = start_draft(world.citizen, world.procedure)
    page.goto("/cong-dan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(world.citizen.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    check(page, f"/dich-vu-cong/ho-so-nhap/{draft.pk}/thong-tin/")
    page.get_by_label("Họ và tên").fill("")
    page.get_by_role("button", name="Lưu và tiếp tục").click()  # the form again, with its errors
    violations = axe_violations(page)
    assert not violations, describe(violations)
    check(page, f"/dich-vu-cong/ho-so-nhap/{draft.pk}/giay-to/")
    check(page, f"/dich-vu-cong/ho-so-nhap/{draft.pk}/xem-lai/")
    check(page, "/dich-vu-cong/ho-so-cua-toi/")
    check(page, "/dich-vu-cong/kho-du-lieu/")
    check(page, "/dich-vu-cong/tai-khoan/")
