"""The inboxes (one per role's work) and the dossier search, with filters and 25 rows a page."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from egov.accounts.decorators import staff_required, user_has_role
from egov.accounts.models import Role

from ..deadlines import due_soon_until
from ..forms import DossierFilterForm
from ..labels import LIST_RELATED
from ..models import Dossier
from .boxes import BOX_BY_KEY, box_queryset, boxes_for
from .presenters import decorate

PAGE_SIZE = 25


def filtered_box(box, request, now):
    """The form and the filtered, scoped, ordered queryset of ``box`` for this request."""
    form = DossierFilterForm(request.GET or None)
    dossiers = box_queryset(box, request.user, now)
    if form.is_bound:
        dossiers = form.filter(dossiers, now) if form.is_valid() else dossiers.none()
    return form, dossiers


def paginate(dossiers, number):
    """One page of ``dossiers`` in three bounded queries: count, the page's ids (a narrow sort, which an
    index can serve), then those rows with their related objects."""
    page = Paginator(dossiers.values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    rows = Dossier.objects.select_related(*LIST_RELATED).in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


@staff_required
def inbox(request, box: str):
    box = BOX_BY_KEY[box]
    if not user_has_role(request.user, *box.roles):
        raise PermissionDenied
    now = timezone.now()
    form, dossiers = filtered_box(box, request, now)
    page = paginate(dossiers, request.GET.get("page"))
    decorate(page.object_list, now, due_soon_until(now))
    context = {
        "box": box,
        "boxes": boxes_for(request.user),
        "form": form,
        "page": page,
        "can_intake": box.key == "receive" and user_has_role(request.user, Role.ONESTOP_OFFICER),
    }
    return render(request, "dossiers/inbox.html", context)


@staff_required
def inbox_home(request):
    """The first inbox of the user's roles."""
    return redirect(boxes_for(request.user)[0].url_name)
