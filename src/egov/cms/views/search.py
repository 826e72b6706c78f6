"""``/tim-kiem/``: one search box for the whole portal — news and pages, legal documents, administrative
procedures and published questions/feedback — tone-mark-insensitive (``egov.search.text``), paginated."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from egov.feedback.models import Kind, Submission
from egov.feedback.transitions import Status
from egov.procedures.models import Procedure
from egov.search.text import normalize, tokens

from ..models import LegalDocument

PAGE_SIZE = 20
PER_SOURCE = 200  # at most this many hits from each source
MAX_QUERY = 200
SOURCES = {
    "page": _("Tin tức, trang"),
    "legal": _("Văn bản pháp luật"),
    "procedure": _("Thủ tục hành chính"),
    "qa": _("Hỏi đáp, phản ánh"),
}


def _pages(words):
    hits = []
    for page in Page.objects.live().public().filter(depth__gt=1).only("title", "search_description", "url_path"):
        text = normalize(f"{page.title} {page.search_description}")
        if all(word in text for word in words):
            hits.append({"kind": "page", "title": page.title, "url": page.url, "summary": page.search_description})
            if len(hits) >= PER_SOURCE:
                break
    return hits


def _legal(query):
    rows = LegalDocument.objects.public().search(query).order_by("-issued_on", "-pk")[:PER_SOURCE]
    return [
        {
            "kind": "legal",
            "title": f"{d.number} — {d.subject}",
            "url": reverse("cms:legal-detail", args=[d.pk]),
            "summary": "",
        }
        for d in rows
    ]


def _procedures(query):
    rows = Procedure.objects.active().search(query).select_related("sector")[:PER_SOURCE]
    return [
        {
            "kind": "procedure",
            "title": p.name,
            "url": reverse("services_portal:procedure", args=[p.pk]),
            "summary": p.sector.name if p.sector_id else "",
        }
        for p in rows
    ]


def _questions(query):
    rows = Submission.objects.filter(status=Status.PUBLISHED).search(query).order_by("-submitted_at")[:PER_SOURCE]
    return [
        {
            "kind": "qa",
            "title": s.title,
            "url": reverse("feedback:question" if s.kind == Kind.QUESTION else "feedback:feedback", args=[s.pk]),
            "summary": "",
        }
        for s in rows
    ]


def portal_search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    words = tokens(query)
    results = []
    if words:
        results = _pages(words) + _legal(query) + _procedures(query) + _questions(query)
    for row in results:
        row["kind_label"] = SOURCES[row["kind"]]
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "page_obj": page, "total": len(results)})
