"""Consultation on drafts: the public list, a draft with its sections and comments, the comment form,
and the staff pages to create, publish, moderate, answer and summarise."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from egov.accounts.decorators import staff_required
from egov.accounts.throttle import client_ip
from egov.agencies.scoping import visible_agencies
from egov.attachments.responses import file_response
from egov.attachments.services import store_upload

from .. import services
from ..forms import CommentForm, ConsultationForm, PublicSearchForm, SummaryForm
from ..models import CommentStatus, Consultation, ConsultationComment
from ..stats import section_counts
from ..transitions import CONSULTATION_BY_ACTION, ConsultationStatus, consultation_actions

PAGE_SIZE = 20


# --- Public -------------------------------------------------------------------------------------------------


def public_list(request):
    form = PublicSearchForm(request.GET or None)
    drafts = Consultation.objects.public().select_related("agency")
    if form.is_valid():
        if form.cleaned_data["q"]:
            from egov.search.text import search_filter

            drafts = drafts.filter(search_filter(form.cleaned_data["q"]))
        if form.cleaned_data["agency"]:
            drafts = drafts.filter(agency=form.cleaned_data["agency"])
    page = Paginator(drafts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "feedback/consultation_list.html", {"form": form, "page_obj": page, "today": timezone.localdate()}
    )


def _public_consultation(pk):
    consultation = get_object_or_404(Consultation.objects.public().select_related("agency", "attachment"), pk=pk)
    approved = ConsultationComment.objects.filter(status=CommentStatus.APPROVED).order_by("submitted_at", "pk")
    sections = list(consultation.sections.prefetch_related(Prefetch("comments", queryset=approved)))
    general = list(approved.filter(consultation=consultation, section__isnull=True))
    return consultation, sections, general


@require_http_methods(["GET", "POST"])
def public_detail(request, pk: int):
    consultation, sections, general = _public_consultation(pk)
    form = CommentForm(request.POST or None, consultation=consultation, initial={"section": request.GET.get("muc")})
    if request.method == "POST" and consultation.is_open() and form.is_valid():
        data = form.cleaned_data
        try:
            services.comment(
                consultation,
                services.NewComment(
                    name=data["name"],
                    text=data["text"],
                    email=data.get("email") or "",
                    phone=data.get("phone") or "",
                    organisation=data.get("organisation") or "",
                    section=data.get("section"),
                ),
                ip=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Cảm ơn ông/bà đã góp ý. Ý kiến sẽ được hiển thị sau khi kiểm duyệt."))
            return redirect("feedback:consultation", pk=pk)
    counts = section_counts(consultation) if consultation.status == ConsultationStatus.SUMMARISED else {}
    context = {
        "consultation": consultation,
        "sections": sections,
        "general_comments": general,
        "form": form,
        "is_open": consultation.is_open(),
        "counts": counts,
        "general_count": counts.get(None, 0),
        "total_count": sum(counts.values()),
    }
    if request.method == "POST" and not consultation.is_open():
        messages.error(request, _("Dự thảo này hiện không trong thời gian lấy ý kiến."))
    return render(request, "feedback/consultation_detail.html", context, status=400 if form.errors else 200)


def draft_file(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.public().select_related("attachment"), pk=pk)
    if consultation.attachment is None:
        raise Http404
    attachment = consultation.attachment
    return file_response(attachment, cache="public, max-age=3600")


# --- Staff ------------------------------------------------------------------------------------------------


@staff_required
def staff_list(request):
    drafts = (
        Consultation.objects.for_user(request.user)
        .select_related("agency")
        .annotate(
            n_comments=Count("comments"),
            n_pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
        )
        .order_by("-opens_on", "-id")
    )
    page = Paginator(drafts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/staff_consultations.html", {"page_obj": page})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    agencies = visible_agencies(request.user).active().order_by("path")
    form = ConsultationForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attachment = None
            if data.get("attachment"):
                attachment = store_upload(
                    data["attachment"], uploaded_by=request.user, agency=data["agency"], allowed_types=("pdf", "docx")
                )
            consultation = services.create_consultation(
                services.DraftInput(
                    agency=data["agency"],
                    title=data["title"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    text=data["text"],
                    summary=data.get("summary") or "",
                    attachment=attachment,
                ),
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Đã tạo dự thảo. Kiểm tra các điều, khoản rồi đăng lấy ý kiến."))
            return redirect("feedback:staff-consultation", pk=consultation.pk)
    return render(request, "feedback/staff_consultation_form.html", {"form": form})


@staff_required
def staff_detail(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.for_user(request.user).select_related("agency"), pk=pk)
    comments = consultation.comments.select_related("section").order_by("status", "submitted_at", "pk")
    page = Paginator(comments, 30).get_page(request.GET.get("page"))
    context = {
        "consultation": consultation,
        "sections": consultation.sections.all(),
        "page_obj": page,
        "counts": section_counts(consultation),
        "actions": [t.action for t in consultation_actions(consultation.status, request.user.role_codes)],
        "summary_form": SummaryForm(initial={"text": consultation.summary_text}),
        "has_ended": consultation.has_ended(),
    }
    return render(request, "feedback/staff_consultation.html", context)


@staff_required
@require_POST
def staff_act(request, pk: int, action: str):
    consultation = get_object_or_404(Consultation.objects.for_user(request.user), pk=pk)
    try:
        if action == "publish":
            services.publish_consultation(consultation, actor=request.user)
        elif action == "publish_summary":
            services.publish_summary(consultation, actor=request.user, text=request.POST.get("text", ""))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": CONSULTATION_BY_ACTION[action].label})
    return redirect("feedback:staff-consultation", pk=pk)


@staff_required
@require_POST
def staff_comment(request, pk: int, comment_pk: int):
    consultation = get_object_or_404(Consultation.objects.for_user(request.user), pk=pk)
    entry = get_object_or_404(consultation.comments, pk=comment_pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            services.approve_comment(entry, actor=request.user)
        elif decision == "hide":
            services.hide_comment(entry, actor=request.user)
        elif decision == "answer":
            services.answer_comment(entry, actor=request.user, text=request.POST.get("answer", ""))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã cập nhật góp ý."))
    return redirect("feedback:staff-consultation", pk=pk)
