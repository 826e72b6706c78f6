"""``/tim-kiem/``: one box for news/pages, legal documents, procedures and Q&A; tone-mark-insensitive; paginated."""

from django.urls import reverse

from dossiers.factories import ProcedureFactory
from egov.cms.views import search as search_view


def test_one_box_finds_pages_and_procedures_without_tone_marks(world, client):
    world.news_page(title="Tuyên truyền pháp luật về hòa giải ở cơ sở")
    ProcedureFactory(onestop=True, name="Thủ tục công nhận hòa giải viên")
    response = client.get(reverse("cms:search"), {"q": "hoa giai"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tuyên truyền pháp luật về hòa giải ở cơ sở" in html
    assert "Thủ tục công nhận hòa giải viên" in html
    assert "Tin tức, trang" in html and "Thủ tục hành chính" in html


def test_results_are_paginated(world, client, monkeypatch):
    monkeypatch.setattr(search_view, "PAGE_SIZE", 2)
    for n in range(5):
        ProcedureFactory(onestop=True, name=f"Thủ tục đăng ký số {n}")
    html = client.get(reverse("cms:search"), {"q": "dang ky"}).content.decode()
    assert html.count('class="badge badge-info"') == 2
    assert "Trang 1/3" in html


def test_the_portal_header_has_the_search_box(world, client):
    html = client.get("/").content.decode()
    assert f'action="{reverse("cms:search")}"' in html and 'name="q"' in html
