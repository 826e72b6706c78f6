"""Staff views of the portal: view counts, publishing an issued outgoing document in one step."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from egov.accounts.decorators import role_required
from egov.documents.models import OutgoingDocument

from .. import services
from ..counters import views_by_site
from ..models import NewsPage, PageViewDaily

DAYS = 30


@role_required()
def stats(request):
    """Views over the last 30 days per site and the most read articles (no personal data exists)."""
    since = timezone.localdate() - timedelta(days=DAYS - 1)
    by_site = views_by_site(since)
    sites = {p.pk: p for p in Page.objects.filter(pk__in=by_site)}
    site_rows = sorted(((sites[pk], total) for pk, total in by_site.items() if pk in sites), key=lambda r: -r[1])
    news_ids = NewsPage.objects.values("pk")
    top = list(
        PageViewDaily.objects.filter(day__gte=since, page__in=news_ids)
        .values("page_id", "page__title", "page__url_path")
        .annotate(total=Sum("views"))
        .order_by("-total")[:20]
    )
    return render(request, "cms/stats.html", {"site_rows": site_rows, "top": top, "days": DAYS})


@require_POST
@role_required()
def publish_outgoing(request, pk: int):
    document = get_object_or_404(OutgoingDocument.objects.for_user(request.user), pk=pk)
    try:
        legal = services.publish_from_outgoing(document, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã đăng văn bản %(number)s lên cổng thông tin.") % {"number": legal.number})
    return redirect("documents:outgoing-detail", pk=document.pk)


def outgoing_panel_context(document, request):
    """Context of the "publish on the portal" panel on an outgoing document's page, or None to hide it."""
    from egov.documents.transitions import OutgoingStatus

    from ..models import LegalDocument

    if request is None or document is None or document.status != OutgoingStatus.ISSUED:
        return None
    if not services.can_publish_outgoing(document, request.user):
        return None
    return {"legal": LegalDocument.objects.filter(source_outgoing=document).first()}
