"""Staff pages for the catalogue file (import with row-level errors, export) and the public form templates."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from egov.accounts.decorators import role_required
from egov.accounts.models import Role
from egov.attachments.responses import file_response

from . import services
from .forms import ImportForm
from .models import RequiredDocument

SHOWN_ISSUES = 500
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@role_required(Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN)
def import_catalogue(request):
    result = None
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = services.import_catalogue(data["file"], actor=request.user, dry_run=data["dry_run"])
    context = {
        "form": form,
        "result": result,
        "issues": result.issues[:SHOWN_ISSUES] if result else [],
        "hidden_issues": max(len(result.issues) - SHOWN_ISSUES, 0) if result else 0,
    }
    return render(request, "procedures/import.html", context)


@require_GET
@role_required(Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN)
def export_catalogue(request):
    format = request.GET.get("dinh-dang", "xlsx")
    if format not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(services.export_catalogue(format), content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc.{format}"'
    return response


@require_GET
def form_template(request, pk: int):
    """The form template of a required document: public, like the catalogue it belongs to."""
    document = get_object_or_404(
        RequiredDocument.objects.select_related("template"), pk=pk, procedure__is_active=True, template__isnull=False
    )
    return file_response(document.template, cache="public, max-age=3600")
