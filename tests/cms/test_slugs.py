"""Page slugs transliterate Vietnamese titles (đ → d), in the model and in the editor's pre-fill."""

import json
import re

from django.urls import reverse

from egov.cms.models import NewsPage
from egov.cms.slugs import SLUG_FORMATTERS, repaired_slug, slugify_vi

TITLE = "Tuyên truyền pháp luật tại xã Phú Lộc"


def test_slugify_vi():
    assert slugify_vi(TITLE) == "tuyen-truyen-phap-luat-tai-xa-phu-loc"
    assert slugify_vi("Đẩy mạnh chuyển đổi số") == "day-manh-chuyen-doi-so"


def test_lossy_prefill_is_repaired_a_chosen_slug_is_kept():
    assert repaired_slug("tuyen-truyn-phap-lut-ti-xa-phu-lc", TITLE) == "tuyen-truyen-phap-luat-tai-xa-phu-loc"
    assert repaired_slug("djay-manh", "Đẩy mạnh") == "day-manh"
    assert repaired_slug("", TITLE) == "tuyen-truyen-phap-luat-tai-xa-phu-loc"
    assert repaired_slug("phap-luat-phu-loc", TITLE) == "phap-luat-phu-loc"  # the editor's own choice


def test_the_editor_formatters_transliterate_like_the_server():
    text = TITLE + " Đặng Ưng Ỷ"
    for pattern, replacement, _flags in SLUG_FORMATTERS:
        text = re.sub(pattern, replacement, text)
    assert text.lower() == "tuyen truyen phap luat tai xa phu loc dang ung y"  # urlify lowercases it


def test_pages_get_transliterated_slugs(world):
    page = NewsPage(title=TITLE, summary="Tóm tắt", date=world.news.first_published_at or "2026-11-02")
    world.news.add_child(instance=page)
    assert page.slug == "tuyen-truyen-phap-luat-tai-xa-phu-loc"
    lossy = NewsPage(title=TITLE, slug="tuyen-truyn-phap-lut-ti-xa-phu-lc", summary="Tóm tắt", date="2026-11-02")
    world.news_a.add_child(instance=lossy)
    assert lossy.slug == "tuyen-truyen-phap-luat-tai-xa-phu-loc"


def test_the_editor_slug_field_carries_the_formatters(world, client):
    client.force_login(world.admin)
    response = client.get(reverse("wagtailadmin_pages:add", args=("cms", "newspage", world.news.pk)))
    assert response.status_code == 200
    match = re.search(r'data-w-slug-formatters-value="([^"]+)"', response.content.decode())
    assert match, "the slug input has no Vietnamese formatters"
    formatters = json.loads(match.group(1).replace("&quot;", '"'))
    assert any("ộ" in regex for (regex, _flags), _replacement in formatters)


def test_the_page_editor_speaks_vietnamese(world, client):
    from django.utils import translation
    from django.utils.translation import gettext

    client.force_login(world.admin)
    html = client.get(reverse("wagtailadmin_pages:add", args=("cms", "newspage", world.news.pk))).content.decode()
    assert "Lưu bản nháp" in html and "Save draft" not in html
    assert "Tiêu đề trang" in html and "Page title" not in html
    with translation.override("vi"):
        assert gettext("%(label)s and Publish") % {"label": "Phê chuẩn"} == "Phê chuẩn và xuất bản"
        assert gettext("Request changes") == "Yêu cầu chỉnh sửa"
