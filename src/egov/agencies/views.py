"""The public directory (danh bạ): the agency tree with contacts, and one page per agency.

Public information (Decree 42/2022: organisation chart with contacts), so these pages are not scoped
to a user; they show active agencies and officials only.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from egov.core.collation import vi_order
from egov.core.replica import replica_reads

from .models import Agency, Official
from .tree import ancestor_ids, tree_rows

DIRECTORY_PAGE_SIZE = 50
OFFICIALS_PAGE_SIZE = 25


def _matches(agency: Agency, query: str) -> bool:
    query = query.casefold()
    return any(query in value.casefold() for value in (agency.name, agency.abbreviation, agency.code))


@replica_reads
def directory(request):
    """Every active agency except departments, in tree order (one query, paginated in memory)."""
    query = request.GET.get("q", "").strip()[:100]
    agencies = Agency.objects.active().exclude(kind=Agency.Kind.DEPARTMENT).select_related("administrative_unit")
    rows = tree_rows(agencies)
    if query:
        rows = [row for row in rows if _matches(row.agency, query)]
    page = Paginator(rows, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/directory.html", {"page": page, "query": query})


def _department_heads(departments: list[Agency]) -> dict[int, list[Official]]:
    heads: dict[int, list[Official]] = {d.pk: [] for d in departments}
    if departments:
        leaders = Official.objects.filter(department__in=departments, is_active=True, position__is_leader=True)
        for official in leaders.select_related("position"):
            heads[official.department_id].append(official)
    return heads


@replica_reads
def agency_detail(request, code: str):
    """One agency (or department): its place in the tree, units, leaders and focal points, officials."""
    agency = get_object_or_404(Agency.objects.active().select_related("administrative_unit"), code=code)
    ancestors = list(Agency.objects.filter(pk__in=ancestor_ids(agency)).order_by("path")) if agency.parent_id else []
    children = list(agency.children.active().order_by("sort_order", vi_order("name")))
    departments = [child for child in children if child.is_department]
    units = [child for child in children if not child.is_department]
    heads = _department_heads(departments)
    own = Q(department=agency) if agency.is_department else Q(agency=agency)
    officials = Official.objects.filter(own, is_active=True).select_related("position", "department")
    key_people = officials.filter(
        Q(is_focal_point=True) | Q(position__is_leader=True, department__isnull=not agency.is_department)
    )
    page = Paginator(officials.order_by("position__rank", "full_name", "pk"), OFFICIALS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "agency": agency,
        "ancestors": ancestors,
        "units": units,
        "departments": [(department, heads[department.pk]) for department in departments],
        "key_people": list(key_people.order_by("position__rank", "full_name")),
        "page": page,
    }
    return render(request, "agencies/agency_detail.html", context)
