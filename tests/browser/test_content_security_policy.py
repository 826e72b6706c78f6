"""Issue 14 item 7: under the strict Content-Security-Policy the vendored htmx still works and the browser
reports no violation (htmx's indicator style element is switched off by its config meta)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_the_lobby_screen_swaps_with_htmx_and_breaks_no_policy(page, settings):
    settings.SCHEDULE_SCREEN_REFRESH_SECONDS = 1
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(reverse("meetings:screen"))
    assert "'nonce-" in response.headers["content-security-policy"]
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("document.querySelector('#screen').dataset.old = '1'")
    # htmx polls every second and swaps #screen with the server's copy, which has no data-old.
    page.wait_for_selector("#screen:not([data-old])", state="attached", timeout=10_000)
    assert page.locator(".mt-screen-header h1").is_visible()
    assert page.evaluate("window.__cspViolations") == []
    assert [text for text in console if "Content Security Policy" in text] == []
    # htmx's indicator rules come from egov.css, not from a style element htmx would add.
    assert page.evaluate("document.querySelectorAll('style').length") == 0


@pytest.mark.parametrize("path", ["/django-admin/login/", "/quan-tri/cms/login/"])
def test_the_admin_sign_in_pages_break_no_policy(page, path):
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(path)
    assert response.status == 200
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations") == []
