import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from egov.accounts.models import Role
from egov.core.templatetags import egov as egov_tags
from factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _vietnamese():
    """Requests activate a language for the thread; start each test in Vietnamese and restore after."""
    with translation.override("vi"):
        yield


def assert_accessible_shell(html: str, lang: str = "vi") -> None:
    assert f'<html lang="{lang}">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<nav " in html
    assert 'src="/static/egov/vendor/htmx.min.js" defer' in html
    assert 'href="/static/egov/css/egov.css"' in html


def test_home_is_a_public_vietnamese_page_with_landmarks(client):
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert_accessible_shell(html)
    assert "<header" in html and "<footer" in html
    assert "Cổng dịch vụ công trực tuyến" in html
    assert reverse("accounts:citizen-login") in html
    assert reverse("accounts:staff-login") in html
    assert f'action="{reverse("set_language")}"' in html


def test_not_found_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert_accessible_shell(html)
    assert "Không tìm thấy trang" in html


def test_server_error_template_renders_without_a_request():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert '<html lang="vi">' in html and "Hệ thống đang gặp sự cố" in html


def test_workspace_requires_sign_in(client):
    response = client.get(reverse("core:workspace"))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:staff-login')}?next={reverse('core:workspace')}"


def test_workspace_sends_citizens_back_to_the_portal(client):
    client.force_login(UserFactory())
    response = client.get(reverse("core:workspace"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Bàn làm việc chỉ dành cho cán bộ, công chức." in response.content.decode()


def test_workspace_greets_staff_with_agency_and_roles(client):
    staff = StaffUserFactory(full_name="Trần Thị Lan", roles=[Role.CLERK, Role.SPECIALIST])
    client.force_login(staff)
    html = client.get(reverse("core:workspace")).content.decode()
    assert_accessible_shell(html)
    assert "Xin chào, Trần Thị Lan" in html
    assert staff.official.agency.name in html
    assert "Văn thư" in html and "Chuyên viên" in html
    assert 'class="sidebar"' in html
    assert f'href="{reverse("core:workspace")}" aria-current="page"' in html


def _sidebar(html: str) -> str:
    return re.search(r'<nav class="sidebar".*?</nav>', html, re.S).group(0)


def test_admin_links_only_for_system_admins(client):
    with egov_tags.NAVIGATION.override():
        egov_tags.register_nav_item("core:home", "Chỉ quản trị", roles=(Role.SYSTEM_ADMIN,), order=999)
        client.force_login(StaffUserFactory(roles=[Role.SPECIALIST]))
        specialist_html = client.get(reverse("core:workspace")).content.decode()
        client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
        admin_html = client.get(reverse("core:workspace")).content.decode()
    assert "Chỉ quản trị" not in _sidebar(specialist_html)
    assert "Chỉ quản trị" in _sidebar(admin_html)


def test_navigation_skips_urls_that_do_not_exist(rf):
    with egov_tags.NAVIGATION.override():
        egov_tags.register_nav_item("khong:co", "Không có")
        request = rf.get("/")
        request.user = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
        links = egov_tags.navigation({"request": request}, "staff")
    assert "Không có" not in [str(link["label"]) for link in links]
    assert reverse("core:workspace") in [link["url"] for link in links]


def test_navigation_hides_admin_items_from_other_staff(rf):
    request = rf.get("/")
    request.user = StaffUserFactory(roles=[Role.SPECIALIST])
    names = {link["url_name"] for link in egov_tags.navigation({"request": request}, "staff")}
    assert not names & {"audit:log", "events:failed", "notifications:outbox"}
    request.user = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    admin_names = {link["url_name"] for link in egov_tags.navigation({"request": request}, "staff")}
    for name in ("audit:log", "events:failed", "notifications:outbox", "notifications:list"):
        if egov_tags.url_or_empty(name):
            assert name in admin_names


def test_url_or_none_tag():
    html = Template('{% load egov %}{% url_or_none "core:home" as a %}{% url_or_none "nope:x" as b %}[{{ a }}|{{ b }}]')
    assert html.render(Context()) == "[/|]"


def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:home")}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Online public services portal" in html
    assert "Skip to main content" in html


def test_pagination_include_keeps_filters_and_marks_current_page():
    request = RequestFactory().get("/danh-sach/", {"q": "đất đai", "page": "3"})
    page = Paginator(list(range(100)), 10).page(3)
    html = Template('{% include "egov/includes/pagination.html" %}').render(
        Context({"page_obj": page, "request": request})
    )
    assert 'class="pagination"' in html
    assert 'aria-current="page"' in html
    assert "?q=%C4%91%E1%BA%A5t+%C4%91ai&amp;page=4" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "Trang 3/10" in html


def test_pagination_include_is_empty_for_one_page():
    page = Paginator([1, 2], 10).page(1)
    html = Template('{% include "egov/includes/pagination.html" %}').render(Context({"page_obj": page}))
    assert html.strip() == ""


def test_field_include_links_help_and_errors():
    from django import forms

    class DemoForm(forms.Form):
        code = forms.CharField(label="Mã hồ sơ", help_text="Ví dụ 000.00.00.H12-250101-0001")

    form = DemoForm(data={})
    html = Template('{% include "egov/includes/field.html" with field=form.code %}').render(Context({"form": form}))
    assert '<label class="form-label" for="id_code">' in html
    assert 'id="id_code_helptext"' in html and 'id="id_code_error"' in html
    assert 'aria-describedby="id_code_helptext id_code_error"' in html
    assert 'aria-invalid="true"' in html
