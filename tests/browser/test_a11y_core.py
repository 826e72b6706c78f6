import pytest

from browser_tools import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_has_no_serious_accessibility_violations(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    violations = axe_violations(page)
    assert not violations, describe(violations)
