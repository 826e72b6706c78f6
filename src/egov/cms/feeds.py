"""RSS 2.0 and Atom 1.0 feeds of a site's news (Django syndication): ``/tin-tuc/<site home id>/rss.xml``."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Page

from .models import AgencySiteHomePage, NewsPage, PortalHomePage

ITEMS = 20


class NewsRssFeed(Feed):
    def get_object(self, request, pk: int):
        home = Page.objects.live().filter(pk=pk).specific().first()
        if not isinstance(home, (PortalHomePage, AgencySiteHomePage)):
            raise Http404
        self.request = request
        return home

    def title(self, home):
        return home.title

    def link(self, home):
        return home.url

    def description(self, home):
        return home.intro or home.title

    def items(self, home):
        return NewsPage.objects.live().descendant_of(home).order_by("-date", "-pk")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
