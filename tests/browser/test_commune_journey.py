"""Acceptance test of issue 13, item 3: a commune dossier from desk intake to returned result in a real
browser, with the ward's own demo accounts (phường An Khánh has no department head: its specialist picks
the dossier up, the chairman approves, the one-stop officer returns the result).

The world is the demo province and catalogue, loaded by their demo loaders.
"""

import re

import pytest

from browser_tools import act as take_action
from browser_tools import expect_success, sign_in_staff
from egov.agencies.demo import load_demo_province
from egov.dossiers.models import Dossier
from egov.dossiers.transitions import Status
from egov.procedures.demo import load_demo as load_demo_catalogue

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "demo12345"


@pytest.fixture
def ward():
    load_demo_province()
    load_demo_catalogue()


def sign_in(tab, username):
    sign_in_staff(tab, username, DEMO_PASSWORD)


def act(tab, dossier_pk, action, fields=None):
    """Take ``action`` on the dossier page; the dossier as it is now."""
    take_action(tab, dossier_pk, action, fields)
    return Dossier.objects.get(pk=dossier_pk)


def test_a_commune_dossier_from_desk_intake_to_returned_result(page, ward):
    # The ward's one-stop officer receives "Đăng ký khai sinh" at the desk.
    sign_in(page, "motcua.ankhanh")
    page.goto("/mot-cua/tiep-nhan/truc-tiep/")
    page.get_by_role("textbox", name="Tìm thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    page.get_by_label("Họ và tên người nộp").fill("Nguyễn Văn Bình")
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("099190000123")
    page.get_by_label("Điện thoại").fill("0912345678")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_url(re.compile(r"/mot-cua/ho-so/\d+/$"))
    expect_success(page)
    dossier = Dossier.objects.get(applicant_name="Nguyễn Văn Bình")
    assert dossier.status == Status.RECEIVED and dossier.handling_agency.name == "Ủy ban nhân dân phường An Khánh"

    # Sent to Phòng Văn hóa - Xã hội, which has no head.
    dossier = act(page, dossier.pk, "assign", {"Phòng chuyên môn": "Phòng Văn hóa - Xã hội"})
    assert dossier.status == Status.ASSIGNED

    # The ward's specialist finds it in his inbox and picks it up.
    sign_in(page, "chuyenvien.ankhanh")
    page.goto("/mot-cua/can-xu-ly/")
    page.get_by_role("link", name=dossier.code).click()
    page.wait_for_url(f"**/mot-cua/ho-so/{dossier.pk}/")
    dossier = act(page, dossier.pk, "pick_up")
    assert dossier.status == Status.IN_APPRAISAL and dossier.current_handler.username == "chuyenvien.ankhanh"
    dossier = act(page, dossier.pk, "submit_for_approval", {"Ý kiến trình": "Đủ điều kiện đăng ký khai sinh."})
    assert dossier.status == Status.AWAITING_APPROVAL

    # The chairman approves from his inbox.
    sign_in(page, "chutich.ankhanh")
    page.goto("/mot-cua/cho-phe-duyet/")
    page.get_by_role("link", name=dossier.code).click()
    dossier = act(page, dossier.pk, "approve", {"Tên kết quả giải quyết": "Giấy khai sinh bản chính"})
    assert dossier.status == Status.RESULT_READY

    # The one-stop officer returns the result.
    sign_in(page, "motcua.ankhanh")
    page.goto("/mot-cua/cho-tra-ket-qua/")
    page.get_by_role("link", name=dossier.code).click()
    dossier = act(page, dossier.pk, "return_result")
    assert dossier.status == Status.RETURNED
    assert list(dossier.handovers.values_list("action", flat=True)) == [
        "receive",
        "assign",
        "pick_up",
        "submit_for_approval",
        "approve",
        "return_result",
    ]
