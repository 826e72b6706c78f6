"""Staff workspace of official documents: the inboxes, the document pages with their trail and the actions
derived from the transition tables, and the registers as XLSX."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required, user_has_role
from egov.accounts.models import Role
from egov.agencies.scoping import visible_agencies
from egov.attachments.services import kept_only_on_success, store_upload
from egov.audit import security

from . import services
from .document_files import files_of, main_file
from .forms import (
    DRAFT_TYPES,
    AssignForm,
    DraftForm,
    IncomingForm,
    ReassignForm,
    RecipientsForm,
    SearchForm,
    VersionForm,
)
from .models import IncomingDocument, OutgoingDocument
from .registers import register_documents, register_xlsx
from .transitions import IncomingStatus, OutgoingStatus, available_actions

PAGE_SIZE = 25


@dataclass(frozen=True)
class Box:
    key: str
    title: str
    direction: str
    statuses: tuple[str, ...]
    roles: tuple[str, ...]

    @property
    def url_name(self) -> str:
        return f"documents:{self.key}"


BOXES = (
    Box("cho-vao-so", _("Chờ vào sổ"), "incoming", (IncomingStatus.PENDING,), (Role.CLERK,)),
    Box(
        "cho-phan-cong",
        _("Chờ phân công"),
        "incoming",
        (IncomingStatus.REGISTERED, IncomingStatus.PRESENTED),
        (Role.CLERK, Role.AGENCY_LEADER),
    ),
    Box(
        "dang-xu-ly",
        _("Đang xử lý"),
        "incoming",
        (IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS),
        (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST, Role.CLERK),
    ),
    Box(
        "cho-duyet",
        _("Chờ duyệt"),
        "outgoing",
        (OutgoingStatus.DRAFT, OutgoingStatus.IN_REVIEW, OutgoingStatus.RETURNED),
        (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST),
    ),
    Box("cho-ban-hanh", _("Chờ ban hành"), "outgoing", (OutgoingStatus.APPROVED,), (Role.CLERK, Role.AGENCY_LEADER)),
)
BOX_BY_KEY = {b.key: b for b in BOXES}

# Actions the document page performs with a single button (and an optional note); the others need their
# own form (assign, re-assign, new version) and are listed in docs/documents.md as still to build.
INCOMING_ACTIONS = {
    "register": lambda d, u, note: services.register_received(d, clerk=u),
    "present": lambda d, u, note: services.present(d, actor=u, note=note),
    "record_progress": lambda d, u, note: services.record_progress(d, actor=u, text=note),
    "mark_done": lambda d, u, note: services.mark_done(d, actor=u, note=note),
    "finish_part": lambda d, u, note: services.finish_part(d, actor=u, note=note),
}
OUTGOING_ACTIONS = {
    "submit_for_review": lambda d, u, note: services.submit_for_review(d, actor=u, note=note),
    "approve_step": lambda d, u, note: services.approve_step(d, actor=u, comment=note),
    "return_for_revision": lambda d, u, note: services.return_for_revision(d, actor=u, comment=note),
    "issue": lambda d, u, note: services.issue(d, actor=u),
    "recall": lambda d, u, note: services.recall(d, actor=u, reason=note),
}


TILE_BOXES = {"cho-vao-so": _("Văn bản chờ vào sổ"), "cho-ban-hanh": _("Văn bản chờ ký số, ban hành")}


def workspace_tiles(user, now):
    """The workspace home's document tiles (to register, to sign and issue): one count query per direction."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from egov.core.tiles import Tile

    boxes = [b for b in BOXES if b.key in TILE_BOXES and user_has_role(user, *b.roles)]
    counts = {}
    for direction in ("incoming", "outgoing"):
        mine = {b.key: Count("pk", filter=Q(status__in=b.statuses)) for b in boxes if b.direction == direction}
        if mine:
            counts.update(_model(direction).objects.for_user(user).aggregate(**mine))
    return [Tile(f"documents.{b.key}", TILE_BOXES[b.key], counts[b.key], reverse(b.url_name)) for b in boxes]


def _model(direction):
    return IncomingDocument if direction == "incoming" else OutgoingDocument


@staff_required
def home(request):
    for box in BOXES:
        if user_has_role(request.user, *box.roles):
            return redirect(box.url_name)
    raise PermissionDenied


@staff_required
def inbox(request, box: str):
    box = BOX_BY_KEY[box]
    if not user_has_role(request.user, *box.roles):
        raise PermissionDenied
    documents = _model(box.direction).objects.for_user(request.user).filter(status__in=box.statuses)
    query = request.GET.get("q", "").strip()
    if query:
        documents = documents.search(query)
    documents = documents.select_related("document_type").order_by("-urgency", "-created_at", "-id")
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    boxes = [b for b in BOXES if user_has_role(request.user, *b.roles)]
    return render(request, "documents/inbox.html", {"box": box, "boxes": boxes, "page": page, "query": query})


@staff_required
def search(request):
    """Search both registers with filters; results are scoped and cleared like every list."""
    form = SearchForm(request.GET or None, agencies=visible_agencies(request.user))
    page = None
    if form.is_bound and form.is_valid():
        documents = form.filter(
            IncomingDocument.objects.for_user(request.user), OutgoingDocument.objects.for_user(request.user)
        )
        documents = documents.select_related("document_type").order_by("-document_date", "-id")
        page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    direction = form.cleaned_data.get("direction") if page is not None else None
    return render(request, "documents/search.html", {"form": form, "page": page, "direction": direction})


@staff_required
def detail(request, direction: str, pk: int):
    document = _visible(request.user, direction, pk)
    files = files_of(document)
    context = {
        "document": document,
        "files": files,
        "viewer": main_file(files),
        "direction": direction,
        "actions": _actions(document, direction, request.user),
        "trail": document.trail.select_related("actor", "to_unit", "to_user"),
        "form_actions": _form_actions(document, direction, request.user),
    }
    if direction == "incoming":
        context["assignments"] = document.assignments.select_related("unit", "user")
        context["notes"] = document.progress_notes.select_related("author")
    else:
        context["versions"] = document.versions.select_related("attachment", "created_by")
        context["comments"] = document.comments.select_related("author")
        context["dispatches"] = document.dispatches.all()
    return render(request, f"documents/{direction}_detail.html", context)


@require_POST
@staff_required
def action(request, direction: str, pk: int, name: str):
    document = _visible(request.user, direction, pk)
    handler = (INCOMING_ACTIONS if direction == "incoming" else OUTGOING_ACTIONS).get(name)
    if handler is None:
        raise Http404
    try:
        handler(document, request.user, request.POST.get("note", "").strip())
    except services.DocumentError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thực hiện thao tác."))
    return redirect(f"documents:{direction}-detail", pk=pk)


@require_POST
@staff_required
def comment(request, pk: int):
    """A comment on a draft (no status change)."""
    document = _visible(request.user, "outgoing", pk)
    try:
        services.add_comment(document, actor=request.user, text=request.POST.get("text", ""))
    except services.DocumentError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi ý kiến."))
    return redirect("documents:outgoing-detail", pk=pk)


@staff_required
def register_download(request, direction: str):
    if not user_has_role(request.user, Role.CLERK, Role.AGENCY_LEADER):
        raise PermissionDenied
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    title = str(_("Sổ văn bản đến") if direction == "incoming" else _("Sổ văn bản đi"))
    content = register_xlsx(direction, register_documents(direction, request.user, year), title=title)
    security.record(security.PERSONAL_DATA_EXPORT, request, export="documents.register", direction=direction, year=year)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    slug = "so-van-ban-den" if direction == "incoming" else "so-van-ban-di"
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.xlsx"'
    return response


@staff_required
def register_incoming(request):
    """The clerk registers a paper or electronic document received outside the platform."""
    if not user_has_role(request.user, Role.CLERK):
        raise PermissionDenied
    form = IncomingForm(request.POST or None, request.FILES or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        agency = request.user.official.agency
        try:
            with kept_only_on_success():  # a refused registration keeps no file
                document = services.register_incoming(
                    form.data_object(),
                    clerk=request.user,
                    attachments=form.attachments(request.user, agency),
                    allow_duplicate=form.cleaned_data["confirm_duplicate"],
                )
        except services.DuplicateDocumentWarning as warning:
            form.add_error(None, warning.messages[0])
            duplicates = warning.duplicates
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã vào sổ, số đến %(number)s.") % {"number": document.arrival_number})
            return redirect("documents:incoming-detail", pk=document.pk)
    return render(request, "documents/register_incoming.html", {"form": form, "duplicates": duplicates})


@staff_required
def assign(request, pk: int):
    """The leader assigns a registered or presented incoming document."""
    document = _visible(request.user, "incoming", pk)
    form = AssignForm(request.POST or None, agency=document.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(document, actor=request.user, **form.cleaned_data)
        except services.DocumentError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã phân công xử lý."))
            return redirect("documents:incoming-detail", pk=pk)
    return render(request, "documents/assign.html", {"form": form, "document": document})


@staff_required
def reassign(request, pk: int):
    """A head of unit hands the unit's lead assignment to one of its officials."""
    document = _visible(request.user, "incoming", pk)
    unit = document.lead_unit or document.agency
    form = ReassignForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_within_unit(document, actor=request.user, **form.cleaned_data)
        except services.DocumentError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã giao lại văn bản."))
            return redirect("documents:incoming-detail", pk=pk)
    return render(request, "documents/form_page.html", {"form": form, "document": document, "title": _("Giao lại")})


@staff_required
def create_draft(request):
    """A specialist starts an outgoing document with its first draft file."""
    if not user_has_role(request.user, Role.SPECIALIST, Role.DEPARTMENT_HEAD):
        raise PermissionDenied
    form = DraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            attachment = _store(data.pop("file"), request.user)
            document = services.create_draft(author=request.user, attachment=attachment, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo dự thảo."))
            return redirect("documents:outgoing-detail", pk=document.pk)
    return render(request, "documents/form_page.html", {"form": form, "title": _("Soạn dự thảo văn bản đi")})


@staff_required
def add_version(request, pk: int):
    document = _visible(request.user, "outgoing", pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = _store(form.cleaned_data["file"], request.user)
            services.add_version(document, actor=request.user, attachment=attachment, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã cập nhật dự thảo."))
            return redirect("documents:outgoing-detail", pk=pk)
    context = {"form": form, "document": document, "title": _("Cập nhật dự thảo")}
    return render(request, "documents/form_page.html", context)


@staff_required
def edit_recipients(request, pk: int):
    """Change the recipients of a document until it is issued."""
    document = _visible(request.user, "outgoing", pk)
    initial = {
        "internal_recipients": document.internal_recipients.all(),
        "external_recipients": document.external_recipients,
        "archive_copies": document.archive_copies,
    }
    form = RecipientsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_recipients(document, actor=request.user, **form.cleaned_data)
        except services.DocumentError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã cập nhật nơi nhận."))
            return redirect("documents:outgoing-detail", pk=pk)
    context = {"form": form, "document": document, "title": _("Sửa nơi nhận")}
    return render(request, "documents/form_page.html", context)


def _store(upload, user):
    return store_upload(upload, uploaded_by=user, agency=user.official.agency, allowed_types=DRAFT_TYPES)


def _visible(user, direction, pk):
    if direction not in ("incoming", "outgoing"):
        raise Http404
    return get_object_or_404(_model(direction).objects.for_user(user).select_related("document_type", "agency"), pk=pk)


def _form_actions(document, direction, user) -> set[str]:
    """Actions of the table that have their own form page (assign, reassign, add_version)."""
    names = {t.action for t in available_actions(direction, document.status, user.role_codes)}
    return names & {"assign", "reassign", "add_version", "edit_recipients"}


def _actions(document, direction, user):
    handlers = INCOMING_ACTIONS if direction == "incoming" else OUTGOING_ACTIONS
    actions = [t for t in available_actions(direction, document.status, user.role_codes) if t.action in handlers]
    if direction == "incoming" and any(t.action == "finish_part" for t in actions):
        if services.open_part_of(document, user) is None:
            actions = [t for t in actions if t.action != "finish_part"]
    if direction == "outgoing":
        reviewer = services.current_reviewer_role(document)
        review = {"approve_step", "return_for_revision"}
        actions = [t for t in actions if t.action not in review or (reviewer and user.has_role(reviewer))]
    return actions
