"""Portal forms (plain HTML, no JavaScript needed)."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import User
from egov.core.validators import normalize_id_number
from egov.procedures.models import Procedure, Sector

from .schema import build_fields


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=200)
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Sector.objects.all(), required=False, empty_label=_("Tất cả lĩnh vực")
    )
    agency = forms.IntegerField(label=_("Cơ quan"), required=False, widget=forms.Select)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"), required=False, choices=[("", _("Tất cả các cấp"))] + list(Procedure.Level.choices)
    )

    def __init__(self, *args, agency_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].widget.choices = [("", _("Tất cả cơ quan"))] + list(agency_choices)


class RegisterForm(forms.Form):
    identifier = forms.CharField(label=_("Thư điện tử hoặc số điện thoại di động"), max_length=254)
    full_name = forms.CharField(label=_("Họ và tên (hoặc tên tổ chức)"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại tài khoản"),
        choices=[(User.Kind.CITIZEN, User.Kind.CITIZEN.label), (User.Kind.BUSINESS, User.Kind.BUSINESS.label)],
    )
    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Mã xác minh (6 chữ số)"), max_length=6, min_length=6)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=100)
    id_number = forms.CharField(label=_("Số định danh cá nhân / mã số thuế"), max_length=20, required=False)
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        return normalize_id_number(value) if value else ""


class ApplicationForm(forms.Form):
    """The fields of the procedure's schema, plus where to file when there is a choice."""

    def __init__(self, *args, schema: dict, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["receiving_agency"] = forms.ModelChoiceField(
                label=_("Nơi nộp hồ sơ"), queryset=agencies, empty_label=_("— Chọn xã, phường —")
            )
        self.fields.update(build_fields(schema))


class TrackingForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=60)
    last_digits = forms.RegexField(
        label=_("4 số cuối số định danh hoặc số điện thoại"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Nhập đúng 4 chữ số.")},
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("5 — Rất hài lòng")),
            (4, _("4 — Hài lòng")),
            (3, _("3 — Bình thường")),
            (2, _("2 — Không hài lòng")),
            (1, _("1 — Rất không hài lòng")),
        ],
    )
    comment = forms.CharField(
        label=_("Góp ý"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
