"""Forms of the IT-plan and periodic-report pages (labels and errors in Vietnamese)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProjectStatus, Result
from .periods import COUNT


class ActualForm(forms.Form):
    actual = forms.CharField(
        label=_("Kết quả thực hiện"),
        max_length=300,
        help_text=_("Số (ví dụ 87, 62,4 hoặc 95%) với chỉ tiêu định lượng; mô tả ngắn với chỉ tiêu định tính."),
    )
    note = forms.CharField(label=_("Ghi chú, giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Tài liệu minh chứng"), required=False, help_text=_("PDF, DOCX, XLSX hoặc ảnh; không bắt buộc.")
    )

    def __init__(self, *args, assess: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if assess:
            self.fields["result"] = forms.ChoiceField(
                label=_("Đánh giá (chỉ tiêu định tính)"), choices=[("", "—"), *Result.choices], required=False
            )
            self.fields["result_note"] = forms.CharField(label=_("Nhận xét đánh giá"), max_length=500, required=False)


class AssessForm(forms.Form):
    result = forms.ChoiceField(label=_("Đánh giá"), choices=Result.choices)
    note = forms.CharField(label=_("Nhận xét"), max_length=500, required=False)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProjectStatus.choices)
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp kế hoạch (.xlsx hoặc .json)"))
    plan_code = forms.SlugField(label=_("Mã kế hoạch (để trống: lấy theo tệp)"), required=False, max_length=60)


class OpenPeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    index = forms.IntegerField(label=_("Kỳ (tháng, quý hoặc nửa năm)"), min_value=1, max_value=12, initial=1)

    def __init__(self, *args, frequency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = COUNT[frequency]
        self.fields["index"].widget.attrs["max"] = self.count

    def clean_index(self):
        index = self.cleaned_data["index"]
        if index > self.count:
            raise forms.ValidationError(_("Chế độ báo cáo này chỉ có %(n)d kỳ mỗi năm.") % {"n": self.count})
        return index


class SubmissionForm(forms.Form):
    """One text input per field of the template (numbers are read the Vietnamese way by the service)."""

    def __init__(self, *args, template, editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        units = {"percent": "%", "integer": "", "decimal": ""}
        for spec in template.fields:
            label = spec["label"] + (f" ({units[spec['type']]})" if units.get(spec["type"]) else "")
            widget = (
                forms.Textarea(attrs={"rows": 3})
                if spec["type"] == "text"
                else forms.TextInput(attrs={"inputmode": "decimal"})
            )
            field = forms.CharField(label=label, required=False, widget=widget, max_length=2000)
            if spec.get("indicator"):
                field.help_text = _("Số liệu do hệ thống tính sẵn từ dữ liệu của đơn vị; có thể sửa nếu cần.")
            field.disabled = not editable
            self.fields[spec["key"]] = field
