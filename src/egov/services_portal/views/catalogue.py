"""Public catalogue of procedures: browse, search (diacritics ignored) and the procedure page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.agencies.models import Agency
from egov.core.collation import vi_order
from egov.procedures.cache import anonymous_cache
from egov.procedures.models import Procedure, Sector

from ..forms import CatalogueFilterForm
from ..services import receiving_agencies

PAGE_SIZE = 20


LIST_FIELDS = ("pk", "code", "name", "level", "online_level", "sector__name")


@anonymous_cache
def catalogue(request):
    """Few queries and no widget templates: the selects are drawn from plain (value, label) lists, since
    rendering Django's option templates cost more than the search itself (see docs/services-portal.md).
    Anonymous visitors get the page from the catalogue cache (``egov.procedures.cache``) when it is there."""
    agency_choices = list(
        Agency.objects.filter(procedures__is_active=True)
        .distinct()
        .order_by(vi_order("name"))
        .values_list("pk", "name")
    )
    form = CatalogueFilterForm(request.GET or None, agency_choices=agency_choices)
    procedures = Procedure.objects.active().select_related("sector").only(*LIST_FIELDS)
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["sector"]:
            procedures = procedures.filter(sector=data["sector"])
        if data["level"]:
            procedures = procedures.filter(level=data["level"])
        if data["agency"]:
            procedures = procedures.filter(
                pk__in=Procedure.agencies.through.objects.filter(agency_id=data["agency"]).values("procedure_id")
            )
        query = data["q"].strip()
        procedures = (
            procedures.ranked_search(query)
            if query
            else procedures.order_by(vi_order("sector__name"), vi_order("name"))
        )
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "services_portal/catalogue.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page),
            "query": query,
            "params": params.urlencode(),
            "selects": _selects(form, agency_choices),
        },
    )


def _rows(page) -> list[dict]:
    """The page's procedures as plain values (one ``reverse`` and one label look-up per page, not per row)."""
    url = reverse("services_portal:procedure", args=[0])[: -len("0/")]
    levels, online = dict(Procedure.Level.choices), dict(Procedure.OnlineLevel.choices)
    return [
        {
            "code": p.code,
            "name": p.name,
            "url": f"{url}{p.pk}/",
            "sector": p.sector.name if p.sector_id else "",
            "level": levels.get(p.level, p.level),
            "online": online.get(p.online_level, p.online_level),
        }
        for p in page
    ]


def _selects(form, agency_choices) -> list[dict]:
    """The three filter selects as (value, label, selected) lists, rendered by a plain loop."""
    data = form.data if form.is_bound else {}
    sectors = list(Sector.objects.order_by(vi_order("name")).values_list("pk", "name"))
    specs = (
        ("sector", _("Lĩnh vực"), [("", _("Tất cả lĩnh vực"))] + sectors),
        ("agency", _("Cơ quan"), [("", _("Tất cả cơ quan"))] + agency_choices),
        ("level", _("Cấp thực hiện"), [("", _("Tất cả các cấp"))] + list(Procedure.Level.choices)),
    )
    return [
        {
            "name": name,
            "label": label,
            "errors": form.errors.get(name, []) if form.is_bound else [],
            "options": [(str(v), text, str(v) == str(data.get(name, ""))) for v, text in options],
        }
        for name, label, options in specs
    ]


@anonymous_cache
def procedure_detail(request, pk: int):
    procedure = get_object_or_404(
        Procedure.objects.active().select_related("sector").prefetch_related("required_documents", "fees", "agencies"),
        pk=pk,
    )
    return render(
        request,
        "services_portal/procedure.html",
        {
            "procedure": procedure,
            "places": receiving_agencies(procedure),
            "online": procedure.online_level != Procedure.OnlineLevel.NONE,
        },
    )
