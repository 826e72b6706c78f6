from django import forms
from django.utils.translation import gettext_lazy as _


class ShipmentForm(forms.Form):
    tracking_number = forms.CharField(label=_("Số hiệu bưu gửi (mã vận đơn)"), max_length=40)
    postage_fee = forms.DecimalField(label=_("Cước bưu chính (đồng)"), min_value=0, decimal_places=0, initial=0)
    postal_unit = forms.CharField(label=_("Đơn vị bưu chính"), max_length=200, required=False)
    postal_worker = forms.CharField(label=_("Họ tên nhân viên bưu chính"), max_length=100)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
