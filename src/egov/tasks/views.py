"""Staff pages of the task domain: the scoped, paginated list "Nhiệm vụ" (``/nhiem-vu/``)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from egov.accounts.decorators import staff_required

from .models import Task
from .status import DerivedStatus, derived_status

PAGE_SIZE = 25


@staff_required
def task_list(request):
    tasks = (
        Task.objects.for_user(request.user).select_related("lead_agency", "assigning_agency").order_by("deadline", "id")
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(task, DerivedStatus(derived_status(task, today)).label) for task in page]
    return render(request, "tasks/task_list.html", {"page": page, "rows": rows})
