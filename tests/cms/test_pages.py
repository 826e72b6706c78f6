"""The portal's pages: "/" is the portal home, news, English section, introduction with the org chart."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.agencies.models import Position
from egov.cms.models import IntroductionPage, NewsCategory, NewsIndexPage
from factories import AgencyFactory, OfficialFactory

from .helpers import png_image, publish

pytestmark = pytest.mark.django_db


def test_without_a_portal_the_home_is_the_services_landing_page(client):
    from wagtail.models import Site

    Site.objects.all().delete()
    html = client.get(reverse("core:home")).content.decode()
    assert "Cổng dịch vụ công trực tuyến" in html


def test_home_is_the_portal_with_news_and_routes_to_public_services(world, browser_client):
    world.news_page(title="Tin mới nhất của tỉnh")
    world.news_page(world.news_a, title="Tin của sở A")
    response = browser_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html and 'class="skip-link" href="#main"' in html
    assert world.portal.title in html
    assert "Tin mới nhất của tỉnh" in html and "Tin của sở A" in html  # news of the component sites too
    assert reverse("services_portal:catalogue") in html  # "Dịch vụ công" stays one click away
    assert reverse("accounts:staff-login") in html
    assert world.site_a.url in html  # component sites listed


def test_news_page_shows_alt_text_and_requires_it(world, browser_client):
    image = png_image()
    page = world.news_page(title="Tin có ảnh", main_image=image, main_image_alt="Lãnh đạo tỉnh cắt băng khai trương")
    html = browser_client.get(page.url).content.decode()
    assert 'alt="Lãnh đạo tỉnh cắt băng khai trương"' in html
    page.main_image_alt = "  "
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "main_image_alt" in error.value.message_dict


def test_news_index_paginates_filters_by_category_in_few_queries(world, browser_client, django_assert_max_num_queries):
    category = NewsCategory.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    image = png_image()
    for n in range(14):
        page = world.news_page(title=f"Tin số {n}", main_image=image, main_image_alt=f"Ảnh {n}")
        if n % 2:
            page.categories.set([category])
            page.save()
    browser_client.get(world.news.url)  # renditions are made on the first view
    with django_assert_max_num_queries(26):
        response = browser_client.get(world.news.url)
    assert response.status_code == 200 and response.content.decode().count('class="card cms-news-card"') == 10
    second = browser_client.get(world.news.url + "?page=2").content.decode()
    assert second.count('class="card cms-news-card"') == 4
    filtered = browser_client.get(world.news.url + "?chuyen-muc=chuyen-doi-so").content.decode()
    assert filtered.count('class="card cms-news-card"') == 7


def test_english_section_is_served_in_english(world, browser_client):
    from egov.cms.models import PortalHomePage

    english = PortalHomePage(title="Province Portal", slug="en", intro="Official information.")
    world.portal.add_child(instance=english)
    publish(english)
    response = browser_client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html and response["Content-Language"] == "en"
    assert browser_client.get("/").content.decode().startswith('<!doctype html>\n\n<html lang="vi">')


def test_introduction_page_builds_the_chart_from_the_directory_without_n_plus_1(
    world, browser_client, django_assert_max_num_queries, settings
):
    settings.CMS_CACHE_SECONDS = 0
    leader = Position.objects.create(name="Giám đốc", rank=10, is_leader=True)
    OfficialFactory(full_name="Lê Thị Giám Đốc", agency=world.agency_a, position=leader, phone="0290 111 222")
    OfficialFactory(full_name="Phạm Văn Đầu Mối", agency=world.agency_a, is_focal_point=True, email="daumoi@example.vn")
    intro = IntroductionPage(title="Giới thiệu", slug="gioi-thieu", agency=world.province)
    world.portal.add_child(instance=intro)
    publish(intro)
    url = intro.url
    browser_client.get(url)
    with django_assert_max_num_queries(22) as captured:
        html = browser_client.get(url).content.decode()
    small = len(captured)
    assert "Lê Thị Giám Đốc" in html and "Phạm Văn Đầu Mối" in html and "daumoi@example.vn" in html
    assert world.agency_b.name in html
    for _ in range(6):  # more agencies and officials: the same number of queries
        agency = AgencyFactory(parent=world.province, administrative_unit=world.unit)
        OfficialFactory(agency=agency, position=leader)
    with django_assert_max_num_queries(small):
        browser_client.get(url)


def test_site_menu_lists_the_sites_pages(world, browser_client):
    html = browser_client.get(world.site_a.url).content.decode()
    assert f'href="{world.news_a.url}"' in html
    assert NewsIndexPage.objects.live().count() == 3


def test_the_portal_images_are_served_and_nothing_else_in_media(world, browser_client, settings):
    image = png_image()
    page = world.news_page(title="Tin có ảnh", main_image=image, main_image_alt="Ảnh minh họa")
    html = browser_client.get(page.url).content.decode()
    src = re.search(r'<img[^>]*src="(/media/images/[^"]+)"', html).group(1)
    response = browser_client.get(src)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert browser_client.get("/media/" + image.file.name).status_code == 200  # the original
    (settings.MEDIA_ROOT / "attachments").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "attachments" / "private.pdf").write_bytes(b"%PDF-1.4 private")
    assert browser_client.get("/media/attachments/private.pdf").status_code == 404


def test_the_portal_home_links_citizen_sign_up(world, browser_client):
    """Issue 13 item 8: no page linked /dich-vu-cong/dang-ky/; the portal home does, in the hero and header."""
    html = browser_client.get("/").content.decode()
    assert html.count(f'href="{reverse("services_portal:register")}"') >= 2
