"""``egov bench portal-home``: anonymous requests per second on the portal home and a news page with a
warm cache, against a static file (``/static/egov/css/egov.css`` through WhiteNoise) on the same server
in the same run. Threaded WSGI server on loopback, browser-like User-Agent (so the view counter works
as in production)."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from django.conf import settings
from django.core.cache import caches

from egov.core.benchmarking import BenchContext, Measurement, loopback_server, scenario

THREADS = 8
REQUESTS = 600
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _rate(urls: list[str]) -> float:
    def fetch(url):
        request = urllib.request.Request(url, headers={"User-Agent": UA})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            response.read()
            assert response.status == 200

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(fetch, urls[: THREADS * 2]))  # warm up: fills the cache
        seconds = BenchContext.timed(lambda: list(pool.map(fetch, urls)))
    return len(urls) / seconds


def _seed(count: int) -> str:
    """A portal with ``count`` news items; returns the url of one of them."""
    from wagtail.models import Page, Site

    from egov.cms.models import NewsIndexPage, NewsPage, PortalHomePage

    root = Page.get_first_root_node()
    portal = PortalHomePage.objects.first()
    if portal is None:
        portal = root.add_child(instance=PortalHomePage(title="Cổng thông tin đo", slug="cong-do"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": portal}
        )
        index = portal.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
        for n in range(count):
            index.add_child(
                instance=NewsPage(title=f"Tin đo số {n}", slug=f"tin-{n}", summary="Tóm tắt", date=date(2026, 1, 1))
            )
    return NewsPage.objects.live().first().url


@scenario("portal-home", unit="req/s", baseline="static CSS file, same server")
def portal_home(ctx: BenchContext) -> Measurement:
    """Portal home and a news page, anonymous, warm cache, over HTTP with threads, against a static file."""
    news_url = _seed(ctx.n(30))
    caches[settings.CMS_CACHE_ALIAS].clear()
    with loopback_server() as base:
        count = max(ctx.n(REQUESTS), THREADS * 4)
        measured = _rate([base + ("/" if n % 2 else news_url) for n in range(count)])
        baseline = _rate([base + "/static/egov/css/egov.css"] * count)
    return Measurement(
        measured=measured,
        baseline=baseline,
        note=f"{THREADS} threads, cache {settings.CACHES[settings.CMS_CACHE_ALIAS]['BACKEND'].rsplit('.', 1)[-1]}",
    )
