"""The administrator's forms for partner systems (the staff pages in ``pages.py``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.agencies.models import Agency

from . import scopes
from .models import Partner


class PartnerForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Phạm vi quyền"),
        choices=scopes.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Mã truy cập chỉ dùng được các thao tác thuộc phạm vi đã cấp."),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan được phép"),
        queryset=Agency.objects.order_by("path"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        required=False,
        help_text=_(
            "Hệ thống chỉ đọc dữ liệu của các cơ quan này và các đơn vị trực thuộc; không chọn thì không đọc được gì."
        ),
    )

    class Meta:
        model = Partner
        fields = ["code", "name", "contact_email", "agencies", "scopes", "rate_limit"]
        help_texts = {"code": _("Dùng làm client_id; chữ thường, số, gạch ngang. Không đổi được sau khi tạo.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
            self.fields["scopes"].initial = self.instance.scopes

    def values(self) -> dict:
        """The cleaned values as keyword arguments of ``credentials.create_partner``/``update_partner``."""
        return dict(self.cleaned_data)


class CallFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Hệ thống"), queryset=Partner.objects.all(), required=False, empty_label=_("Tất cả")
    )
    status = forms.IntegerField(label=_("Mã trả lời"), required=False, min_value=100, max_value=599)

    def filter(self, calls):
        if self.cleaned_data.get("partner"):
            calls = calls.filter(partner=self.cleaned_data["partner"])
        if self.cleaned_data.get("status"):
            calls = calls.filter(status=self.cleaned_data["status"])
        return calls
