"""The portal's own routes (records, feeds, staff tools); the page tree is served by ``page_urls``."""

from django.urls import path

from .cache import anonymous_cache
from .feeds import NewsAtomFeed, NewsRssFeed
from .views import records, search, staff

app_name = "cms"
urlpatterns = [
    path("tim-kiem/", search.portal_search, name="search"),
    path("van-ban-phap-luat/", records.legal_list, name="legal-list"),
    path("van-ban-phap-luat/<int:pk>/", records.legal_detail, name="legal-detail"),
    path("cong-bao/", records.gazette_list, name="gazette-list"),
    path("cong-bao/<int:pk>/", records.gazette_detail, name="gazette-detail"),
    path("dau-thau-du-an/", records.procurement_list, name="procurement-list"),
    path("tep-cong-khai/<slug:kind>/<int:pk>/<int:attachment_id>/", records.public_file, name="file"),
    path("tin-tuc-rss/<int:pk>/rss.xml", anonymous_cache(NewsRssFeed()), name="feed-rss"),
    path("tin-tuc-rss/<int:pk>/atom.xml", anonymous_cache(NewsAtomFeed()), name="feed-atom"),
    path("quan-tri/cong-thong-tin/luot-xem/", staff.stats, name="stats"),
    path("van-ban/di/<int:pk>/dang-cong-thong-tin/", staff.publish_outgoing, name="publish-outgoing"),
]
