"""Forms of the document workspace: registering an incoming document and assigning it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import User
from egov.agencies.models import Agency
from egov.attachments.services import store_upload

from .models import Channel, DocumentType, Secrecy, Urgency
from .services import IncomingData


class IncomingForm(forms.Form):
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    issuer_code = forms.CharField(label=_("Mã cơ quan ban hành"), max_length=35, required=False)
    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentType.objects.filter(is_active=True)
    )
    number = forms.CharField(label=_("Số"), max_length=11, required=False)
    notation = forms.CharField(label=_("Số, ký hiệu"), max_length=30, required=False)
    document_date = forms.DateField(
        label=_("Ngày văn bản"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    subject = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=50, required=False)
    urgency = forms.TypedChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)
    secrecy = forms.TypedChoiceField(label=_("Độ mật"), choices=Secrecy.choices, coerce=int, initial=Secrecy.NORMAL)
    pages = forms.IntegerField(label=_("Số trang"), min_value=1, required=False)
    deadline = forms.DateField(label=_("Hạn xử lý"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Hình thức"), choices=Channel.choices, initial=Channel.PAPER)
    file = forms.FileField(label=_("Tệp văn bản (PDF, DOCX, ảnh)"), required=False)
    confirm_duplicate = forms.BooleanField(label=_("Vẫn vào sổ dù có thể trùng"), required=False)

    def data_object(self) -> IncomingData:
        values = {k: v for k, v in self.cleaned_data.items() if k not in ("file", "confirm_duplicate")}
        values["pages"] = values["pages"] or None
        return IncomingData(**values)

    def attachments(self, user, agency):
        upload = self.cleaned_data.get("file")
        return [store_upload(upload, uploaded_by=user, agency=agency)] if upload else []


class AssignForm(forms.Form):
    """The leader's assignment: a lead unit, and optionally the person who leads (an official of that unit, or a
    deputy leader of the agency); without a person, the lead unit's heads are notified and give it out."""

    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Agency.objects.none(), required=False)
    lead_user = forms.ModelChoiceField(
        label=_("Người chủ trì"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Không bắt buộc: một cán bộ của đơn vị chủ trì hoặc một phó thủ trưởng cơ quan. Để trống thì trưởng "
            "đơn vị chủ trì và đơn vị phối hợp được thông báo để giao việc."
        ),
    )
    cooperating = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Agency.objects.none(), required=False
    )
    for_information = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhận để biết"), queryset=Agency.objects.none(), required=False
    )
    direction = forms.CharField(label=_("Ý kiến chỉ đạo"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Hạn xử lý"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        units = Agency.objects.subtree(agency).active()
        for name in ("lead_unit", "cooperating", "for_information"):
            self.fields[name].queryset = units
        people = User.objects.filter(is_active=True, official__agency__in=units).select_related("official")
        self.fields["lead_user"].queryset = people.order_by("official__department__name", "full_name")
        self.fields["lead_user"].label_from_instance = _person_label

    def clean(self):
        data = super().clean()
        if not data.get("lead_unit") and not data.get("lead_user"):
            raise forms.ValidationError(_("Cần chọn đơn vị chủ trì hoặc người chủ trì xử lý."))
        return data


def _person_label(user) -> str:
    official = user.official
    position = official.position.name if official.position_id else ""
    return " — ".join(part for part in (user.full_name or user.username, position, str(official.unit)) if part)


class SearchForm(forms.Form):
    """Search over both registers: words (without diacritics), type, issuer, date range, unit, status."""

    DIRECTIONS = (("incoming", _("Văn bản đến")), ("outgoing", _("Văn bản đi")))

    direction = forms.ChoiceField(label=_("Loại sổ"), choices=DIRECTIONS, initial="incoming")
    q = forms.CharField(label=_("Từ khóa (không cần dấu)"), required=False, max_length=200)
    document_type = forms.ModelChoiceField(label=_("Loại văn bản"), queryset=DocumentType.objects.all(), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Agency.objects.none(), required=False)
    status = forms.CharField(label=_("Trạng thái"), required=False, widget=forms.Select)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        from .transitions import IncomingStatus, OutgoingStatus

        self.fields["unit"].queryset = agencies
        statuses = (
            [("", _("Tất cả"))]
            + [(value, f"{label} ({_('đến')})") for value, label in IncomingStatus.choices]
            + [(value, f"{label} ({_('đi')})") for value, label in OutgoingStatus.choices]
        )
        self.fields["status"].widget.choices = statuses

    def filter(self, incoming, outgoing):
        """The filtered queryset of the chosen register (call after ``is_valid``)."""
        data = self.cleaned_data
        documents = incoming if data["direction"] == "incoming" else outgoing
        if data["q"]:
            documents = documents.search(data["q"])
        if data["document_type"]:
            documents = documents.filter(document_type=data["document_type"])
        if data["issuer"] and data["direction"] == "incoming":
            documents = documents.filter(issuer_name__icontains=data["issuer"])
        if data["date_from"]:
            documents = documents.filter(document_date__gte=data["date_from"])
        if data["date_to"]:
            documents = documents.filter(document_date__lte=data["date_to"])
        if data["unit"]:
            field = "lead_unit" if data["direction"] == "incoming" else "drafting_unit"
            documents = documents.filter(**{field: data["unit"]})
        if data["status"]:
            documents = documents.filter(status=data["status"])
        return documents


class DraftForm(forms.Form):
    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentType.objects.filter(is_active=True)
    )
    subject = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.TypedChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)
    secrecy = forms.TypedChoiceField(label=_("Độ mật"), choices=Secrecy.choices, coerce=int, initial=Secrecy.NORMAL)
    internal_recipients = forms.ModelMultipleChoiceField(
        label=_("Nơi nhận trong hệ thống"),
        queryset=Agency.objects.active().exclude(kind=Agency.Kind.DEPARTMENT),
        required=False,
    )
    external_recipients = forms.CharField(
        label=_("Nơi nhận ngoài hệ thống (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    archive_copies = forms.CharField(
        label=_("Lưu"),
        required=False,
        max_length=300,
        help_text=_("Bản lưu, không phải nơi nhận (không gửi, không tính vào số lượng bản), ví dụ: VT, HCTP."),
    )
    file = forms.FileField(label=_("Tệp dự thảo (DOCX, PDF)"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class RecipientsForm(forms.Form):
    internal_recipients = forms.ModelMultipleChoiceField(
        label=_("Nơi nhận trong hệ thống"),
        queryset=Agency.objects.active().exclude(kind=Agency.Kind.DEPARTMENT),
        required=False,
    )
    external_recipients = forms.CharField(
        label=_("Nơi nhận ngoài hệ thống (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    archive_copies = forms.CharField(
        label=_("Lưu"),
        required=False,
        max_length=300,
        help_text=_("Bản lưu, không phải nơi nhận (không gửi, không tính vào số lượng bản), ví dụ: VT, HCTP."),
    )


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Tệp dự thảo mới (DOCX, PDF)"))
    note = forms.CharField(label=_("Nội dung chỉnh sửa"), required=False, max_length=500)


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("Giao cho cán bộ"), queryset=None)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, unit, **kwargs):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        super().__init__(*args, **kwargs)
        in_unit = Q(official__department=unit) | Q(official__agency=unit, official__department__isnull=True)
        self.fields["to_user"].queryset = get_user_model().objects.staff_users().filter(in_unit, is_active=True)


DRAFT_TYPES = ["pdf", "docx", "odt"]
