"""Staff pages: the inbox of questions and feedback (scoped with ``for_user``), one item with the actions
its status and the user's roles allow, and the forms that call the services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required
from egov.attachments.responses import file_response

from .. import services
from ..forms import AnswerForm, InboxFilterForm, NoteForm, RejectForm, RouteForm
from ..models import Submission
from ..transitions import BY_ACTION, OPEN, available_actions

PAGE_SIZE = 25
LIST_FIELDS = ("pk", "code", "kind", "title", "status", "agency__name", "submitted_at", "due_at")


@staff_required
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    items = Submission.objects.for_user(request.user).order_by("due_at", "pk")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            items = items.search(data["q"])
        if data["kind"]:
            items = items.filter(kind=data["kind"])
        if data["status"]:
            items = items.filter(status=data["status"])
        if data["overdue"]:
            items = items.overdue()
    page = Paginator(items.values(*LIST_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for row in page.object_list:
        row["overdue"] = row["status"] in OPEN and row["due_at"] < now
        row["status_label"] = Submission(status=row["status"]).get_status_display()
        row["kind_label"] = Submission(kind=row["kind"]).get_kind_display()
    return render(request, "feedback/staff_inbox.html", {"form": form, "page_obj": page})


@staff_required
def detail(request, pk: int):
    item = get_object_or_404(
        Submission.objects.for_user(request.user).select_related("agency", "sector", "attachment"), pk=pk
    )
    steps = item.steps.select_related("actor", "from_agency", "to_agency")
    actions = available_actions(item.status, request.user.role_codes)
    context = {
        "item": item,
        "steps": steps,
        "actions": [a.action for a in actions],
        "overdue": item.is_overdue(),
        "route_form": RouteForm(prefix="route"),
        "answer_form": AnswerForm(initial={"text": item.answer}),
        "note_form": NoteForm(prefix="back"),
        "reject_form": RejectForm(prefix="reject"),
    }
    return render(request, "feedback/staff_detail.html", context)


@staff_required
@require_POST
def act(request, pk: int, action: str):
    item = get_object_or_404(Submission.objects.for_user(request.user), pk=pk)
    if action not in BY_ACTION:
        return redirect("feedback:staff-detail", pk=pk)
    try:
        _run(action, item, request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": BY_ACTION[action].label})
    if item.pk in Submission.objects.for_user(request.user).filter(pk=item.pk).values_list("pk", flat=True):
        return redirect("feedback:staff-detail", pk=pk)
    return redirect("feedback:staff-inbox")  # moved to another agency: no longer ours


def _run(action: str, item: Submission, request) -> None:
    user, post = request.user, request.POST
    if action in ("route", "reroute"):
        form = RouteForm(post, prefix="route")
        if not form.is_valid():
            raise ValidationError(_("Cần chọn cơ quan, đơn vị xử lý."))
        if action == "route":
            services.route(item, actor=user, agency=form.cleaned_data["agency"], note=form.cleaned_data["note"])
        else:
            services.reroute(item, actor=user, agency=form.cleaned_data["agency"], note=form.cleaned_data["note"])
    elif action in ("answer", "approve"):
        text = post.get("text", "")
        if action == "answer":
            services.answer(item, actor=user, text=text)
        else:
            services.approve(item, actor=user, text=text or None)
    elif action == "send_back":
        services.send_back(item, actor=user, note=post.get("back-note", ""))
    elif action == "publish":
        services.publish_answer(item, actor=user)
    elif action == "reject":
        services.reject(item, actor=user, reason=post.get("reject-reason", ""), note=post.get("reject-note", ""))


@staff_required
def attachment(request, pk: int):
    """The sender's file, for whoever handles the item now (the file's own scope is the first agency)."""
    item = get_object_or_404(Submission.objects.for_user(request.user).select_related("attachment"), pk=pk)
    if item.attachment is None:
        raise Http404
    return file_response(item.attachment)
