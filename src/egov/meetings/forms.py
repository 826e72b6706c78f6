from django import forms
from django.utils.translation import gettext_lazy as _

from egov.agencies.models import Agency, Official


class AgencyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OpenWeekForm(forms.Form):
    agency = AgencyField(label=_("Cơ quan"), queryset=Agency.objects.none())
    day = forms.DateField(label=_("Một ngày trong tuần"), help_text=_("Ngày/tháng/năm, ví dụ 23/11/2026."))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class EntryForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), help_text=_("Ngày/tháng/năm."))
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), help_text=_("Giờ:phút, ví dụ 08:00."))
    end_time = forms.TimeField(label=_("Giờ kết thúc"), required=False)
    content = forms.CharField(label=_("Nội dung công việc"), widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    leaders = forms.ModelMultipleChoiceField(
        label=_("Lãnh đạo chủ trì, dự"), queryset=Official.objects.none(), required=False
    )
    participants = forms.CharField(
        label=_("Thành phần tham dự"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    preparing_unit = AgencyField(label=_("Đơn vị chuẩn bị"), queryset=Agency.objects.none(), required=False)

    def __init__(self, *args, schedule, **kwargs):
        super().__init__(*args, **kwargs)
        path = schedule.agency.path
        self.fields["leaders"].queryset = (
            Official.objects.filter(agency__path__startswith=path, is_active=True, position__is_leader=True)
            .select_related("position")
            .order_by("agency__path", "position__rank", "full_name")
        )
        self.fields["preparing_unit"].queryset = Agency.objects.active().filter(path__startswith=path)

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Lý do rút lại"), widget=forms.Textarea(attrs={"rows": 2}))
