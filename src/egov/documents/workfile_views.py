"""Work-file pages (hồ sơ công việc): the yearly plan of files, create one, open it, add documents, close it.

Every change goes through ``services.workfiles``; the buttons come from the ``WORK_FILE`` transition table.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required

from . import services
from .models import IncomingDocument, OutgoingDocument, WorkFile
from .transitions import WorkFileStatus, available_actions

PAGE_SIZE = 25
ACTIONS = {
    "open": services.open_file,
    "close": services.close_file,
}


class WorkFileForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    code = forms.CharField(label=_("Số và ký hiệu hồ sơ"), max_length=30)
    title = forms.CharField(label=_("Tiêu đề hồ sơ"), max_length=500)
    retention = forms.CharField(
        label=_("Thời hạn bảo quản"), max_length=50, help_text=_("Ví dụ: 10 năm, 20 năm, Vĩnh viễn.")
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    open_now = forms.BooleanField(label=_("Mở hồ sơ ngay"), required=False, initial=True)


class FindForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Loại văn bản"), choices=(("incoming", _("Văn bản đến")), ("outgoing", _("Văn bản đi")))
    )
    q = forms.CharField(label=_("Số, ký hiệu hoặc trích yếu (không cần dấu)"), max_length=200)


@staff_required
def work_files(request):
    """The files of the user's scope for a year, with how many documents each holds."""
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    files = (
        WorkFile.objects.for_user(request.user)
        .filter(year=year)
        .select_related("unit", "owner")
        .annotate(n_in=Count("incoming", distinct=True), n_out=Count("outgoing", distinct=True))
        .order_by("code", "id")
    )
    page = Paginator(files, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/work_files.html", {"page": page, "year": year})


@staff_required
def create_work_file(request):
    form = WorkFileForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        open_now = data.pop("open_now")
        try:
            work_file = services.plan_file(actor=request.user, **data)
            if open_now:
                services.open_file(work_file, actor=request.user)
        except services.DocumentError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lập hồ sơ %(code)s.") % {"code": work_file.code})
            return redirect("documents:work-file", pk=work_file.pk)
    return render(request, "documents/form_page.html", {"form": form, "title": _("Lập hồ sơ công việc")})


@staff_required
def work_file(request, pk: int):
    """The file, its documents, its actions, and (while open) a search to add documents the user sees."""
    item = _visible(request.user, pk)
    find = FindForm(request.GET or None)
    candidates = []
    if item.status == WorkFileStatus.OPEN and find.is_bound and find.is_valid():
        model = IncomingDocument if find.cleaned_data["direction"] == "incoming" else OutgoingDocument
        found = model.objects.for_user(request.user).filter(agency=item.agency_id).search(find.cleaned_data["q"])
        candidates = list(found.select_related("document_type").order_by("-created_at", "-id")[:PAGE_SIZE])
    context = {
        "item": item,
        "incoming": item.incoming.select_related("document_type").order_by("arrival_number", "id"),
        "outgoing": item.outgoing.select_related("document_type").order_by("sequence", "id"),
        "actions": [
            t for t in available_actions("work_file", item.status, request.user.role_codes) if t.action in ACTIONS
        ],
        "find": find,
        "candidates": candidates,
        "direction": find.cleaned_data.get("direction") if find.is_bound and find.is_valid() else "",
    }
    return render(request, "documents/work_file.html", context)


@require_POST
@staff_required
def work_file_action(request, pk: int, name: str):
    item = _visible(request.user, pk)
    if name not in ACTIONS:
        raise Http404
    try:
        ACTIONS[name](item, actor=request.user)
    except services.DocumentError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thực hiện thao tác."))
    return redirect("documents:work-file", pk=pk)


@require_POST
@staff_required
def work_file_add(request, pk: int):
    item = _visible(request.user, pk)
    model = IncomingDocument if request.POST.get("direction") == "incoming" else OutgoingDocument
    try:
        document = get_object_or_404(model.objects.for_user(request.user), pk=int(request.POST.get("document", 0)))
    except ValueError:
        raise Http404 from None
    try:
        services.add_document(item, document, actor=request.user)
    except services.DocumentError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đưa văn bản vào hồ sơ."))
    return redirect("documents:work-file", pk=pk)


def _actions(item, user):
    return [t for t in available_actions("work_file", item.status, user.role_codes) if t.action in ACTIONS]


def _visible(user, pk):
    return get_object_or_404(WorkFile.objects.for_user(user).select_related("unit", "owner", "agency"), pk=pk)
