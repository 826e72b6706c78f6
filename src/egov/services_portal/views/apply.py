"""Online application in steps (fields, papers, review, submit); works without JavaScript."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from egov.attachments.models import Attachment
from egov.procedures.models import Procedure

from .. import services
from ..forms import ApplicationForm
from ..models import ApplicationDraft, StoredPaper
from ..schema import display_answer, prefill, schema_for, to_json
from .common import applicant_required


def _draft(request, pk):
    return get_object_or_404(
        ApplicationDraft.objects.select_related("procedure", "receiving_agency"), pk=pk, user=request.user
    )


def _submitted(draft):
    return redirect("services_portal:my-dossier", pk=draft.dossier_id)


@applicant_required
def start(request, pk: int):
    """Resume the open draft for this procedure, or start one."""
    procedure = get_object_or_404(Procedure.objects.active(), pk=pk)
    draft = ApplicationDraft.objects.filter(user=request.user, procedure=procedure, dossier__isnull=True).first()
    if draft is None:
        try:
            draft = services.start_draft(request.user, procedure)
        except services.PortalError as exc:
            messages.error(request, exc.messages[0])
            return redirect("services_portal:procedure", pk=pk)
    return redirect("services_portal:draft-fields", pk=draft.pk)


@applicant_required
def fields(request, pk: int):
    draft = _draft(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    schema = schema_for(draft.procedure)
    places = services.receiving_agencies(draft.procedure)
    choose = draft.procedure.level == Procedure.Level.COMMUNE
    initial = {**prefill(schema, request.user), **draft.data, "receiving_agency": draft.receiving_agency_id}
    form = ApplicationForm(request.POST or None, schema=schema, agencies=places if choose else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = data.pop("receiving_agency", None)
        try:
            services.save_draft_data(draft, data=to_json(data), receiving_agency=agency)
        except services.PortalError as exc:
            form.add_error(None, exc)
        else:
            return redirect("services_portal:draft-papers", pk=draft.pk)
    return render(request, "services_portal/apply_fields.html", {"draft": draft, "form": form, "step": 1})


@applicant_required
def papers(request, pk: int):
    draft = _draft(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    if request.method == "POST":
        _attach_or_reuse(request, draft)
        return redirect("services_portal:draft-papers", pk=draft.pk)
    documents = list(draft.procedure.required_documents.all())
    checks = services.signature_checks(draft.papers.values())
    files = Attachment.objects.in_bulk(list(draft.papers.values()))
    rows = [_row(draft, str(d.pk), d, checks, files) for d in documents]
    rows.append(_row(draft, services.OTHER_PAPER, None, checks, files))
    stored = list(
        StoredPaper.objects.filter(user=request.user).only("pk", "name", "source", "created_at")[:STORE_CHOICES]
    )
    return render(
        request, "services_portal/apply_papers.html", {"draft": draft, "rows": rows, "stored": stored, "step": 2}
    )


STORE_CHOICES = 50  # the most recent papers of the personal data store offered on the upload step


def _row(draft, key, doc, checks, files):
    attachment_id = draft.papers.get(key)
    return {
        "key": key,
        "doc": doc,
        "attached": attachment_id is not None,
        "file": files.get(attachment_id),
        "check": checks.get(attachment_id),
    }


@applicant_required
def paper_file(request, pk: int, key: str):
    """The draft's paper, shown in the browser (its owner only): the preview of the papers step."""
    from django.http import Http404

    from egov.attachments.responses import file_response

    draft = _draft(request, pk)
    attachment = Attachment.objects.filter(pk=draft.papers.get(key)).first() if key in draft.papers else None
    if attachment is None:
        raise Http404
    return file_response(attachment, inline=True)


def _attach_or_reuse(request, draft):
    key = request.POST.get("paper", "")
    try:
        if request.POST.get("remove"):
            services.remove_paper(draft, key, user=request.user)
            messages.success(request, _("Đã gỡ giấy tờ khỏi hồ sơ."))
        elif request.POST.get("stored"):
            services.reuse_stored_paper(draft, key, request.POST["stored"], user=request.user)
            messages.success(request, _("Đã dùng giấy tờ từ kho dữ liệu cá nhân."))
        else:
            services.attach_paper(draft, key, request.FILES.getlist("files"), user=request.user)
            messages.success(request, _("Đã tải lên giấy tờ."))
    except ValidationError as exc:  # the portal's checks and the upload checks
        messages.error(request, exc.messages[0])


@applicant_required
def review(request, pk: int):
    draft = _draft(request, pk)
    if draft.is_submitted:
        return _submitted(draft)
    schema = schema_for(draft.procedure)
    answers = [
        (prop.get("title") or name, display_answer(prop, draft.data.get(name, "")))
        for name, prop in schema.get("properties", {}).items()
    ]
    papers = services.draft_papers(draft)
    checks = services.signature_checks(p.attachment.pk for p in papers if p.attachment)
    rows = [(p, checks.get(p.attachment.pk) if p.attachment else None) for p in papers]
    return render(
        request,
        "services_portal/apply_review.html",
        {"draft": draft, "answers": answers, "papers": rows, "step": 3},
    )


@require_POST
@applicant_required
def submit(request, pk: int):
    draft = _draft(request, pk)
    was_submitted = draft.is_submitted
    try:
        dossier = services.submit_draft(draft, user=request.user)
    except ValidationError as exc:  # PortalError or the one-stop checks (DossierError)
        messages.error(request, exc.messages[0])
        return redirect("services_portal:draft-review", pk=draft.pk)
    if not was_submitted:
        messages.success(request, _("Đã nộp hồ sơ. Cơ quan sẽ xem xét tiếp nhận trong ngày làm việc."))
    return redirect("services_portal:my-dossier", pk=dossier.pk)
