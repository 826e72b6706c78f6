from django.core.paginator import Paginator
from django.shortcuts import render

from egov.accounts.decorators import role_required
from egov.accounts.models import Role

from .forms import AuditFilterForm
from .models import AuditRecord

PAGE_SIZE = 50


@role_required(Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN)
def audit_log(request):
    """The audit log, newest first, limited to the agencies the user may see."""
    form = AuditFilterForm(request.GET or None)
    records = AuditRecord.objects.for_user(request.user).select_related("agency").order_by("-id")
    if form.is_bound:
        records = form.filter(records) if form.is_valid() else records.none()
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page})


@role_required(Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN)
def security_log(request):
    """The security log, newest first: system admins see every event, agency admins their agencies' events."""
    from .forms import SecurityFilterForm
    from .models import SecurityEvent
    from .security import LABELS

    form = SecurityFilterForm(request.GET or None)
    events = SecurityEvent.objects.for_user(request.user).select_related("agency").order_by("-at", "-id")
    if form.is_bound:
        events = form.filter(events) if form.is_valid() else events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = LABELS.get(entry.event, entry.event)
    return render(request, "audit/security_log.html", {"form": form, "page": page})
