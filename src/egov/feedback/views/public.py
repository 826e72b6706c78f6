"""Public pages: send a question or feedback item, follow it by its code, rate the answer, and read the
published ones (personal data hidden)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from egov.accounts.throttle import client_ip
from egov.attachments.services import store_upload
from egov.core.security import anonymous_body_limit

from .. import services
from ..forms import PublicSearchForm, RatingForm, SubmissionForm, TrackForm
from ..models import Kind, Submission
from ..transitions import Status

PAGE_SIZE = 20
UPLOAD_TYPES = ("pdf", "jpeg", "png", "docx")

KINDS = {
    Kind.QUESTION: {
        "list_title": gettext_lazy("Hỏi đáp"),
        "form_title": gettext_lazy("Gửi câu hỏi"),
        "list_url": "feedback:questions",
        "form_url": "feedback:ask",
        "detail_url": "feedback:question",
    },
    Kind.FEEDBACK: {
        "list_title": gettext_lazy("Phản ánh, kiến nghị"),
        "form_title": gettext_lazy("Gửi phản ánh, kiến nghị"),
        "list_url": "feedback:feedback-list",
        "form_url": "feedback:send-feedback",
        "detail_url": "feedback:feedback",
    },
}


def published_list(request, kind: str):
    form = PublicSearchForm(request.GET or None)
    items = Submission.objects.filter(kind=kind).published().select_related("agency").order_by("-published_at", "-id")
    if form.is_valid():
        if form.cleaned_data["q"]:
            items = items.search(form.cleaned_data["q"])
        if form.cleaned_data["agency"]:
            items = items.filter(agency=form.cleaned_data["agency"])
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/public_list.html", {"form": form, "page_obj": page, "kind": KINDS[kind]})


def questions(request):
    return published_list(request, Kind.QUESTION)


def feedback_list(request):
    return published_list(request, Kind.FEEDBACK)


def published_detail(request, pk: int, kind: str):
    item = get_object_or_404(Submission.objects.select_related("agency", "sector"), pk=pk, kind=kind)
    if item.status != Status.PUBLISHED:
        raise Http404
    return render(request, "feedback/public_detail.html", {"item": item, "kind": KINDS[kind]})


def question(request, pk: int):
    return published_detail(request, pk, Kind.QUESTION)


def feedback(request, pk: int):
    return published_detail(request, pk, Kind.FEEDBACK)


@require_http_methods(["GET", "POST"])
def submit_form(request, kind: str):
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = _submit(request, form, kind)
        except ValidationError as exc:
            if not form.errors:  # an upload refused is already shown on its field
                form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                _("Đã gửi thành công. Mã tra cứu của ông/bà là %(code)s; hãy ghi lại để theo dõi.")
                % {"code": item.code},
            )
            return redirect(f"{reverse('feedback:track')}?ma={item.code}")
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/submit_form.html", {"form": form, "kind": KINDS[kind]}, status=status)


def _submit(request, form, kind: str) -> Submission:
    data = form.cleaned_data
    attachment = None
    if data.get("attachment"):
        try:
            attachment = store_upload(data["attachment"], agency=data.get("agency"), allowed_types=UPLOAD_TYPES)
        except ValidationError as exc:
            form.add_error("attachment", exc)
            raise
    return services.submit(
        services.NewSubmission(
            kind=kind,
            name=data["name"],
            title=data["title"],
            content=data["content"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            agency=data.get("agency"),
            sector=data.get("sector"),
            topic=data.get("topic") or "",
            attachment=attachment,
        ),
        ip=client_ip(request),
    )


@anonymous_body_limit()  # a citizen may attach a file without signing in
def ask(request):
    return submit_form(request, Kind.QUESTION)


@anonymous_body_limit()
def send_feedback(request):
    return submit_form(request, Kind.FEEDBACK)


def track(request):
    """Follow an item by its tracking code: status, deadline and, once approved, the answer."""
    form = TrackForm(request.GET or None)
    item = None
    if form.is_valid():
        code = form.cleaned_data["ma"].strip().upper()
        item = Submission.objects.select_related("agency").filter(code=code).first()
        if item is None:
            form.add_error("ma", _("Không tìm thấy nội dung có mã tra cứu này."))
    return render(request, "feedback/track.html", {"form": form, "item": item})


@require_http_methods(["GET", "POST"])
def rate(request, token: str):
    item = services.item_for_rating_token(token)
    if item is None:
        raise Http404
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate(item, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
            return redirect(f"{reverse('feedback:track')}?ma={item.code}")
    return render(request, "feedback/rate.html", {"form": form, "item": item})
