"""Accessibility of the portal in headless Chromium: axe-core (no serious/critical violations), lang,
skip link first in keyboard order, no horizontal scrolling at 200 % zoom (a 640 px wide window)."""

from datetime import date

import pytest

from browser_tools import axe_violations, describe
from egov.cms import services
from egov.cms.models import LegalDocument

from .helpers import CmsWorld, png_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal():
    world = CmsWorld()
    image = png_image("Quang cảnh hội nghị chuyển đổi số của tỉnh")
    news = world.news_page(title="Hội nghị chuyển đổi số", main_image=image, main_image_alt=image.title)
    document = services.create_record(
        LegalDocument,
        world.admin,
        agency=world.province,
        number="12/2026/QĐ-UBND",
        doc_type="Quyết định",
        issuing_authority=world.province.name,
        issued_on=date(2026, 3, 1),
        subject="Quy định về hòa giải ở cơ sở",
        sector="Tư pháp",
        validity=LegalDocument.Validity.IN_FORCE,
    )
    services.publish_record(document, world.admin)
    return {"news": news.url}


def check(page, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "vi"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


def test_portal_home(page, portal):
    check(page, "/")


def test_news_page(page, portal):
    check(page, portal["news"])


def test_legal_document_search(page, portal):
    check(page, "/van-ban-phap-luat/?q=hoa+giai")
    assert "12/2026/QĐ-UBND" in page.content()


@pytest.mark.parametrize("path", ["/", "/van-ban-phap-luat/"])
def test_readable_at_200_percent_zoom(page, portal, path):
    page.set_viewport_size({"width": 640, "height": 800})  # a 1280 px screen at 200 %
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
