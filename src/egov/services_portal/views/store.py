"""The citizen's personal data store (kho dữ liệu cá nhân): what they uploaded and received, their own only."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from egov.attachments.responses import file_response

from .. import services
from ..models import StoredPaper
from .common import applicant_required

PAGE_SIZE = 20


@applicant_required
def store(request):
    papers = StoredPaper.objects.filter(user=request.user).select_related("attachment", "dossier")
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("page"))
    checks = services.signature_checks(p.attachment_id for p in page)
    rows = [(p, checks.get(p.attachment_id)) for p in page]
    return render(request, "services_portal/store.html", {"page": page, "rows": rows})


@applicant_required
def stored_file(request, pk: int):
    stored = get_object_or_404(StoredPaper.objects.select_related("attachment"), pk=pk, user=request.user)
    attachment = stored.attachment
    return file_response(attachment)
