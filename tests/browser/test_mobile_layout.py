"""Phone width (390 px): the workspace menu folds into one <details> line (no JavaScript needed) and the
dossier page, timeline included, never gets wider than the screen."""

import pytest
from django.test import Client
from django.urls import reverse

from dossiers.factories import OneStopWorld
from egov.dossiers.models import Dossier, Handover
from services_portal.portal_factories import CitizenFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_dossier_page_fits_a_phone_and_the_menu_folds(_browser, live_server):
    world = OneStopWorld()
    dossier = world.receive()
    Handover.objects.filter(dossier=dossier).update(
        note="Bổ sung bản sao https://dichvucong.example.vn/ho-so/0001234567890123456789/giay-to-kem-theo-ban-chinh"
    )
    context = _browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        tab.goto("/dang-nhap/")
        tab.get_by_label("Tên đăng nhập").fill(world.officer.username)
        tab.get_by_label("Mật khẩu").fill("Mat-khau-2026")
        tab.get_by_role("button", name="Đăng nhập").click()
        tab.wait_for_url(lambda url: "/dang-nhap/" not in url)
        tab.goto(reverse("dossiers:detail", args=[dossier.pk]))
        assert tab.get_by_role("heading", name="Quá trình xử lý").is_visible()
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]

        menu = tab.locator(".sidebar-menu")
        assert menu.locator("summary").is_visible()
        first_link = menu.locator(".sidebar-list a").first
        assert not first_link.is_visible()  # folded: the first screen shows the page, not 13 links
        menu.locator("summary").click()
        assert first_link.is_visible()
        assert not tab.locator(".sidebar-wide").is_visible()
    finally:
        context.close()


def test_the_citizens_dossier_timeline_fits_a_phone(_browser, live_server):
    world = OneStopWorld()
    citizen = CitizenFactory()
    dossier = world.receive()
    Dossier.objects.filter(pk=dossier.pk).update(applicant_user=citizen)
    signed_in = Client()
    signed_in.force_login(citizen)
    context = _browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": signed_in.cookies["sessionid"].value, "url": live_server.url}])
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        response = tab.goto(reverse("services_portal:my-dossier", args=[dossier.pk]))
        assert response.status == 200
        assert tab.get_by_text("Quá trình xử lý").first.is_visible()
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_the_lobby_screen_title_never_runs_into_the_clock(_browser, live_server):
    context = _browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    try:
        tab.goto(reverse("meetings:screen"))
        tab.evaluate(
            "document.querySelector('.mt-screen-header h1').textContent = "
            "'LỊCH CÔNG TÁC — Ủy ban nhân dân tỉnh An Khánh và Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân'"
        )
        title = tab.locator(".mt-screen-header h1").bounding_box()
        clock = tab.locator(".mt-clock").bounding_box()
        same_row = clock["y"] < title["y"] + title["height"] and title["y"] < clock["y"] + clock["height"]
        if same_row:
            assert clock["x"] - (title["x"] + title["width"]) >= 24  # a clear gap between them
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 1280
    finally:
        context.close()
