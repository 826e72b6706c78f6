"""Reports of the document workspace: statistics per unit (page + XLSX) and the registers as PDF."""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts.decorators import staff_required, user_has_role
from egov.accounts.models import Role

from .registers import register_documents, register_pdf
from .stats import columns, statistics_xlsx, total, unit_statistics

REPORT_ROLES = (Role.CLERK, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PeriodForm(forms.Form):
    tu = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    den = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["den"] < data["tu"]:
            self.add_error("den", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


def _period(request):
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"tu": date(today.year, 1, 1), "den": today})
    if form.is_valid():
        return form, form.cleaned_data["tu"], form.cleaned_data["den"]
    return form, None, None


@staff_required
def statistics(request):
    """Incoming documents per lead unit for a period: received, on time, late, open, overdue, electronic share."""
    if not user_has_role(request.user, *REPORT_ROLES):
        raise PermissionDenied
    form, start, end = _period(request)
    rows = unit_statistics(request.user, start, end) if start else []
    context = {"form": form, "rows": rows, "total": total(rows), "columns": columns(), "start": start, "end": end}
    return render(request, "documents/statistics.html", context)


@staff_required
def statistics_download(request):
    if not user_has_role(request.user, *REPORT_ROLES):
        raise PermissionDenied
    form, start, end = _period(request)
    if start is None:
        return HttpResponse(" ".join(str(e) for e in form.errors.values()), status=400)
    title = str(_("Thống kê xử lý văn bản đến"))
    content = statistics_xlsx(unit_statistics(request.user, start, end), title=title, start=start, end=end)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="thong-ke-van-ban-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response


@staff_required
def register_pdf_download(request, direction: str):
    if not user_has_role(request.user, Role.CLERK, Role.AGENCY_LEADER):
        raise PermissionDenied
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    title = str(_("Sổ đăng ký văn bản đến") if direction == "incoming" else _("Sổ đăng ký văn bản đi"))
    agency = request.user.official.agency.name if request.user.official else ""
    content = register_pdf(
        direction, register_documents(direction, request.user, year), title=f"{title} {year}", agency_name=agency
    )
    response = HttpResponse(content, content_type="application/pdf")
    slug = "so-van-ban-den" if direction == "incoming" else "so-van-ban-di"
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.pdf"'
    return response
