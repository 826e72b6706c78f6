"""Receiving a dossier at the desk: pick the procedure, then the applicant, the checklist of papers and fees."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from egov.accounts.decorators import role_required
from egov.accounts.models import Role
from egov.core.collation import vi_order
from egov.procedures.models import Procedure

from ..forms import IntakeForm, PaperFormSet, ProcedureSearchForm, receive_at_desk

PAGE_SIZE = 25


def _receiving_agency(request):
    official = request.user.official
    return official.agency if official is not None else None


@role_required(Role.ONESTOP_OFFICER)
def intake_start(request):
    """Step 1: find the procedure (diacritic-insensitive search on its code and name)."""
    form = ProcedureSearchForm(request.GET or None)
    procedures = (
        Procedure.objects.active().select_related("sector").order_by(vi_order("sector__name"), vi_order("name"), "id")
    )
    if form.is_valid() and form.cleaned_data["q"]:
        procedures = procedures.search(form.cleaned_data["q"])
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dossiers/intake_start.html", {"form": form, "page": page})


@role_required(Role.ONESTOP_OFFICER)
def intake_form(request, procedure_id: int):
    """Step 2: the applicant, the checklist and the fees; on success, the dossier page with its receipt."""
    procedure = get_object_or_404(
        Procedure.objects.active().select_related("sector").prefetch_related("fees", "steps"), pk=procedure_id
    )
    agency = _receiving_agency(request)
    if agency is None:
        messages.error(request, _("Tài khoản của bạn chưa gắn với cơ quan tiếp nhận nào."))
        return redirect("dossiers:intake")
    data = request.POST if request.method == "POST" else None
    form = IntakeForm(data, procedure=procedure)
    checklist = PaperFormSet(data, request.FILES or None, documents=procedure.required_documents.all(), prefix="papers")
    if data is not None and all([form.is_valid(), checklist.is_valid()]):
        try:
            dossier = receive_at_desk(form=form, checklist=checklist, officer=request.user, receiving_agency=agency)
        except ValidationError as exc:
            if not checklist.total_error_count():
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã tiếp nhận hồ sơ %(code)s. Hãy in Giấy tiếp nhận hồ sơ và hẹn trả kết quả cho người nộp.")
                % {"code": dossier.code},
            )
            return redirect("dossiers:detail", pk=dossier.pk)
    context = {
        "procedure": procedure,
        "form": form,
        "checklist": checklist,
        "agency": agency,
        "fees": [(f.name, f.amount, f.description) for f in procedure.fees.all()],
        "several_agencies": len(procedure.agencies.all()[:2]) > 1,
    }
    return render(
        request,
        "dossiers/intake_form.html",
        context,
        status=400 if form.errors or checklist.total_error_count() else 200,
    )
