"""View counts without a tracker: one row per page and day, incremented with ``F()``; nothing about the
visitor is stored (no address, no cookie, no user agent). Crawlers are not counted. Not audited: a view
is not a decision of anyone."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import PageViewDaily

BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|preview|curl|wget|python|httpclient|java/|go-http|headless|"
    r"monitor|uptime|scan",
    re.IGNORECASE,
)


def is_bot(request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT_RE.search(agent))


def record_view(page_id: int, site_root_id: int, day=None) -> None:
    """Add one view of ``page_id`` today: a single UPDATE, an INSERT only for the day's first view."""
    day = day or timezone.localdate()
    if PageViewDaily.objects.filter(page_id=page_id, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            PageViewDaily.objects.create(page_id=page_id, site_root_id=site_root_id, day=day, views=1)
    except IntegrityError:  # another request created the row first
        PageViewDaily.objects.filter(page_id=page_id, day=day).update(views=F("views") + 1)


def count_request(request, page_id: int | None, site_root_id: int | None) -> None:
    if page_id and site_root_id and request.method == "GET" and not is_bot(request):
        record_view(page_id, site_root_id)


def views_of_page(page_id: int, since=None) -> int:
    rows = PageViewDaily.objects.filter(page_id=page_id)
    if since:
        rows = rows.filter(day__gte=since)
    return rows.aggregate(total=Sum("views"))["total"] or 0


def views_by_site(since=None) -> dict[int, int]:
    rows = PageViewDaily.objects.all()
    if since:
        rows = rows.filter(day__gte=since)
    return dict(rows.values_list("site_root_id").annotate(total=Sum("views")).values_list("site_root_id", "total"))
