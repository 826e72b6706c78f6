"""Public catalogue of procedures: browse, search (diacritics ignored) and the procedure page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from egov.agencies.models import Agency
from egov.procedures.models import Procedure

from ..forms import CatalogueFilterForm
from ..services import receiving_agencies

PAGE_SIZE = 20


def catalogue(request):
    agency_choices = Agency.objects.filter(procedures__is_active=True).distinct().order_by("name")
    form = CatalogueFilterForm(request.GET or None, agency_choices=agency_choices.values_list("pk", "name"))
    procedures = Procedure.objects.active().select_related("sector")
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
        procedures = procedures.ranked_search(query) if query else procedures.order_by("sector__name", "name")
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "services_portal/catalogue.html",
        {"form": form, "page": page, "query": query, "params": params.urlencode()},
    )


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
