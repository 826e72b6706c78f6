"""The period picker shared by every report page (GET, works without JavaScript)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .indicators import Period

PERIOD_CHOICES = [
    ("year", _("Cả năm")),
    ("h1", _("6 tháng đầu năm")),
    ("h2", _("6 tháng cuối năm")),
    *[(f"q{q}", _("Quý %(n)s") % {"n": q}) for q in range(1, 5)],
    *[(f"m{m}", _("Tháng %(n)s") % {"n": m}) for m in range(1, 13)],
]
KINDS = {"year": "year", "h": "half", "q": "quarter", "m": "month"}


class PeriodForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    ky = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PERIOD_CHOICES)
    nd09 = forms.BooleanField(
        label=_("Theo thời gian chốt số liệu của Nghị định 09/2019/NĐ-CP"),
        required=False,
        help_text=_("Từ ngày 15 của tháng trước kỳ đến ngày 14 của tháng cuối kỳ."),
    )

    @classmethod
    def from_request(cls, request) -> "PeriodForm":
        data = {"nam": timezone.localdate().year, "ky": "year"}
        data.update({k: v for k, v in request.GET.items() if k in ("nam", "ky", "nd09") and v})
        return cls(data)

    def period(self) -> Period:
        year, choice = self.cleaned_data["nam"], self.cleaned_data["ky"]
        kind = "year" if choice == "year" else KINDS[choice[0]]
        number = 1 if choice == "year" else int(choice[1:])
        if self.cleaned_data.get("nd09"):
            return Period.decree_09(kind, year, number)
        if kind == "year":
            return Period.year(year)
        return getattr(Period, kind)(year, number)
