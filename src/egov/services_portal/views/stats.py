"""The public statistics page (Thông tư 21/2023: công khai kết quả giải quyết TTHC)."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.replica import replica_reads

from ..public_stats import public_stats

FIRST_YEAR = 2020


class PeriodForm(forms.Form):
    thang = forms.TypedChoiceField(label=_("Tháng"), coerce=int, choices=[(m, f"{m:02d}") for m in range(1, 13)])
    nam = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=())

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


@replica_reads
def statistics(request):
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, this_year=today.year, initial={"thang": today.month, "nam": today.year})
    year, month = today.year, today.month
    if form.is_bound and form.is_valid():
        year, month = form.cleaned_data["nam"], form.cleaned_data["thang"]
    data = public_stats(year, month)
    peak = max([line.received for line in data["months"]] + [1])
    return render(
        request,
        "services_portal/statistics.html",
        {"form": form, "year": year, "month": month, "peak": peak, **data},
    )
