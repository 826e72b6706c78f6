"""Printable forms of a dossier (PDF) and the dossier register (XLSX, PDF), from ``dossiers.forms_pdf``."""

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts.decorators import staff_required
from egov.audit import security

from ..forms import StatsForm
from ..models import Dossier

FORM_LABELS = {
    "receipt": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "supplement_request": _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "refusal": _("Phiếu từ chối tiếp nhận, giải quyết hồ sơ"),
    "apology": _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    "stop_notice": _("Thông báo dừng giải quyết hồ sơ"),
    "control_slip": _("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
}


def _forms_pdf():
    try:
        from .. import forms_pdf
    except ImportError:  # the PDF forms are not installed: the pages simply offer no download
        return None
    return forms_pdf


def documents_for(dossier, actions=None) -> list[dict]:
    """The forms that can be printed for ``dossier``: dicts with name, label and url."""
    module = _forms_pdf()
    if module is None:
        return []
    names = module.available_forms(dossier, actions)
    return [
        {
            "name": name,
            "label": FORM_LABELS.get(name, name),
            "url": reverse("dossiers:document", kwargs={"pk": dossier.pk, "name": name}),
        }
        for name in names
    ]


def _download(content: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


@staff_required
def dossier_document(request, pk: int, name: str):
    """One printable form of a dossier the user may see, as PDF."""
    module = _forms_pdf()
    if module is None or name not in module.FORMS:
        raise Http404
    dossier = get_object_or_404(
        Dossier.objects.for_user(request.user).select_related(
            "procedure", "receiving_agency", "handling_agency", "current_unit"
        ),
        pk=pk,
    )
    if name not in module.available_forms(dossier):
        raise Http404
    content = module.FORMS[name].function(dossier)
    return _download(content, "application/pdf", module.filename(name, dossier), inline=True)


@staff_required
def register_download(request, fmt: str):
    """The dossier register (sổ theo dõi hồ sơ) of the period in ``?start=&end=``, dossiers the user may see."""
    module = _forms_pdf()
    if module is None:
        raise Http404
    today = timezone.localdate()
    form = StatsForm({**StatsForm.defaults(today), **request.GET.dict()})
    start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_valid() else _month(today)
    agency = getattr(getattr(request.user, "official", None), "agency", None)
    queryset = Dossier.objects.for_user(request.user)
    name = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}"
    security.record(
        security.PERSONAL_DATA_EXPORT, request, export="dossiers.register", format=fmt, start=start, end=end
    )
    if fmt == "xlsx":
        content = module.register_xlsx(queryset, start, end, agency=agency)
        return _download(
            content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{name}.xlsx", inline=False
        )
    return _download(
        module.register_pdf(queryset, start, end, agency=agency), "application/pdf", f"{name}.pdf", inline=True
    )


def _month(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


@staff_required
def dossier_file(request, pk: int, attachment_id: int):
    """A scan or result file of a dossier, for everyone who may see the dossier (not only the uploader's agency)."""
    from django.db.models import Q

    from egov.attachments.models import Attachment

    dossier = get_object_or_404(Dossier.objects.for_user(request.user), pk=pk)
    linked = Q(pk__in=dossier.papers.values("attachment")) | Q(pk__in=dossier.results.values("attachment"))
    return _file_response(request, get_object_or_404(Attachment.objects.filter(linked), pk=attachment_id))


@staff_required
def result_file(request, pk: int, result_pk: int):
    """The result's *current* file: a stable address, still right after background signing replaced the file
    (a link to the unsigned file's id would answer 404 once the signed one took its place)."""
    dossier = get_object_or_404(Dossier.objects.for_user(request.user), pk=pk)
    result = get_object_or_404(dossier.results.select_related("attachment"), pk=result_pk)
    if result.attachment is None:
        raise Http404
    return _file_response(request, result.attachment)


def _file_response(request, attachment):
    from egov.attachments.responses import file_response

    return file_response(attachment, inline=request.GET.get("xem") == "1")
