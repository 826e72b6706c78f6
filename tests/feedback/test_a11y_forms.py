"""The Q&A submission form in headless Chromium: axe-core finds nothing serious, every field is labelled,
and after an empty submit the errors are announced and tied to their fields."""

import pytest

from browser_tools import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)

UNLABELLED = """() => [...document.querySelectorAll('form input, form select, form textarea')]
  .filter(el => el.type !== 'hidden' && el.type !== 'submit')
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name)"""

INVALID_FIELDS = """() => [...document.querySelectorAll('[aria-invalid="true"]')].map(el => ({
  name: el.name,
  described: (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(node => node.textContent.trim()).join(' '),
}))"""

SUMMARY_TARGETS = """() => [...document.querySelectorAll('#error-summary a[href^="#"]')]
  .map(a => !!document.getElementById(a.getAttribute('href').slice(1)))"""


def test_question_form_is_accessible(page):  # noqa: F811
    page.goto("/hoi-dap/gui-cau-hoi/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.evaluate(UNLABELLED) == []
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_errors_after_an_empty_submit_are_announced_and_linked(page):  # noqa: F811
    page.goto("/hoi-dap/gui-cau-hoi/")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "Họ và tên" in summary.inner_text()
    targets = page.evaluate(SUMMARY_TARGETS)
    assert targets and all(targets)
    invalid = {field["name"]: field["described"] for field in page.evaluate(INVALID_FIELDS)}
    assert {"name", "title", "content", "email"} <= set(invalid)
    assert all(text for text in invalid.values()), invalid
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_consultation_page_with_comment_form_is_accessible(page, consultation):  # noqa: F811
    page.goto(f"/du-thao/{consultation.pk}/")
    assert page.evaluate(UNLABELLED) == []
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_public_lists_are_accessible(page, world, make_item):  # noqa: F811
    from egov.feedback import services

    from .conftest import answered

    services.publish_answer(answered(make_item(), world), actor=world.leader_a)
    for url in ("/hoi-dap/", "/phan-anh-kien-nghi/", "/du-thao/", "/hoi-dap/tra-cuu/?ma=HD-000000-AAAAA"):
        page.goto(url)
        violations = axe_violations(page)
        assert not violations, f"{url}: {describe(violations)}"
