"""Forms of the public pages (with the abuse protection) and of the staff pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.agencies.models import Agency
from egov.procedures.models import Sector

from . import abuse
from .models import Kind, Rating, RejectReason
from .transitions import Status

MAX_TEXT = 5000


class AgencyChoiceField(forms.ModelChoiceField):
    """An agency by name; a unit inside an agency with its parent ("Văn phòng Sở — Sở Tư pháp"), since many
    agencies have a "Văn phòng Sở". Use with ``select_related("parent")``."""

    def label_from_instance(self, obj):
        if obj.kind == Agency.Kind.DEPARTMENT and obj.parent_id:
            return f"{obj.name} — {obj.parent.name}"
        return obj.name


def public_agencies():
    return Agency.objects.active().exclude(kind=Agency.Kind.DEPARTMENT).order_by("path")


class ProtectedForm(forms.Form):
    """A public form with a honeypot and a signed "form shown at" token (see ``abuse.py``)."""

    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = self.data.get(abuse.TOKEN_FIELD, "") if self.is_bound else ""
        self._sent_token = token
        if abuse.token_age(token) is None:
            # A first display, or a forged/unreadable token: issue a fresh one (an expired one is kept
            # until ``clean`` refuses it).
            token = abuse.new_token()
            if self.is_bound:
                self.data = self.data.copy()
                self.data[abuse.TOKEN_FIELD] = token
        self.fields[abuse.TOKEN_FIELD].initial = token

    @property
    def visible_fields_only(self):
        return [f for f in self.visible_fields() if f.name != abuse.HONEYPOT_FIELD]

    def clean(self):
        data = super().clean()
        if data.get(abuse.HONEYPOT_FIELD):
            raise forms.ValidationError(abuse.REFUSED, code="honeypot")
        error = abuse.token_error(self._sent_token)
        if error is not None:
            self.data = self.data.copy()
            self.data[abuse.TOKEN_FIELD] = abuse.new_token()
            raise forms.ValidationError(error, code="timing")
        return data


class ContactMixin:
    def clean(self):
        # Checked before the abuse checks, so that a refused form still shows every field's problem.
        data = self.cleaned_data
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Cần nhập thư điện tử hoặc số điện thoại để nhận trả lời."))
        return super().clean()


class SubmissionForm(ContactMixin, ProtectedForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        help_text=_("Nhập thư điện tử hoặc số điện thoại để nhận mã tra cứu và trả lời; không công khai."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^\+?[0-9 .]{9,15}$",
        required=False,
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số, ví dụ 0912345678.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    agency = AgencyChoiceField(
        label=_("Cơ quan nhận"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Chưa rõ — để bộ phận tiếp nhận chuyển đến cơ quan có thẩm quyền"),
    )
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Sector.objects.all(), required=False, empty_label=_("Không chọn")
    )
    topic = forms.CharField(label=_("Chủ đề"), max_length=150, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=250)
    content = forms.CharField(label=_("Nội dung"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("Không bắt buộc. PDF, ảnh JPEG/PNG hoặc DOCX."),
    )

    field_order = ["name", "email", "phone", "agency", "sector", "topic", "title", "content", "attachment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = public_agencies()


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=200)
    agency = AgencyChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.none(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = public_agencies()


class TrackForm(forms.Form):
    ma = forms.CharField(label=_("Mã tra cứu"), max_length=20, help_text=_("Ví dụ: HD-261123-AB2CD."))


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("Mức độ hài lòng với trả lời"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Ý kiến thêm"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Staff -----------------------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả")), *Kind.choices])
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *Status.choices])
    overdue = forms.BooleanField(label=_("Chỉ hiện quá hạn"), required=False)


class RouteForm(forms.Form):
    agency = AgencyChoiceField(label=_("Cơ quan, đơn vị xử lý"), queryset=Agency.objects.none())
    note = forms.CharField(label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.active().select_related("parent").order_by("path")


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung trả lời"), max_length=MAX_TEXT * 2, widget=forms.Textarea(attrs={"rows": 8})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do không xử lý"), choices=RejectReason.choices)
    note = forms.CharField(label=_("Giải thích"), widget=forms.Textarea(attrs={"rows": 2}))


# --- Consultation ----------------------------------------------------------------------------------------------


class CommentForm(ContactMixin, ProtectedForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, help_text=_("Thư điện tử hoặc số điện thoại; không công khai.")
    )
    phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^\+?[0-9 .]{9,15}$",
        required=False,
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số, ví dụ 0912345678.")},
    )
    organisation = forms.CharField(label=_("Cơ quan, tổ chức (nếu có)"), max_length=200, required=False)
    section = forms.ModelChoiceField(
        label=_("Góp ý cho"), queryset=None, required=False, empty_label=_("Toàn bộ dự thảo")
    )
    text = forms.CharField(label=_("Nội dung góp ý"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}))

    field_order = ["section", "text", "name", "email", "phone", "organisation"]

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = consultation.sections.all()
        self.fields["section"].label_from_instance = lambda s: f"{s.number}. {s.heading or s.text[:80]}"


class ConsultationForm(forms.Form):
    agency = AgencyChoiceField(label=_("Cơ quan chủ trì"), queryset=Agency.objects.none())
    title = forms.CharField(label=_("Tên dự thảo"), max_length=300)
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opens_on = forms.DateField(label=_("Ngày bắt đầu lấy ý kiến"), help_text=_("Ngày/tháng/năm, ví dụ 01/12/2026."))
    closes_on = forms.DateField(label=_("Ngày kết thúc lấy ý kiến"), help_text=_("Ngày/tháng/năm."))
    text = forms.CharField(
        label=_("Nội dung dự thảo"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Mỗi điều, khoản cách nhau bằng một dòng trống; dòng đầu “Điều 1. ...” được dùng làm tiêu đề."),
    )
    attachment = forms.FileField(label=_("Tệp dự thảo"), required=False, help_text=_("PDF hoặc DOCX."))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class SummaryForm(forms.Form):
    text = forms.CharField(label=_("Tổng hợp, giải trình ý kiến"), widget=forms.Textarea(attrs={"rows": 8}))
