from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DateRangeForm(forms.Form):
    """Optional from/to dates (local days) shared by the log pages' filters."""

    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc."), code="date_range")
        return data

    def filter_dates(self, queryset, field: str = "at"):
        data = self.cleaned_data
        if data.get("date_from"):
            queryset = queryset.filter(**{f"{field}__gte": _local_midnight(data["date_from"])})
        if data.get("date_to"):
            queryset = queryset.filter(**{f"{field}__lt": _local_midnight(data["date_to"] + timedelta(days=1))})
        return queryset


class AuditFilterForm(DateRangeForm):
    """Filters of the audit log page (GET); every field is optional."""

    field_order = ("action", "actor", "object", "date_from", "date_to")

    action = forms.CharField(
        label=_("Hành động"), required=False, max_length=64, help_text=_("Mã hoặc phần đầu mã, ví dụ dossier.")
    )
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    object = forms.CharField(label=_("Đối tượng"), required=False, max_length=255)

    def filter(self, queryset):
        """``queryset`` narrowed by the cleaned filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        if data.get("action"):
            queryset = queryset.filter(action__startswith=data["action"].strip())
        if data.get("actor"):
            queryset = queryset.filter(actor_display__icontains=data["actor"].strip())
        if data.get("object"):
            text = data["object"].strip()
            queryset = queryset.filter(
                Q(object_display__icontains=text) | Q(object_id=text) | Q(object_type=text.lower())
            )
        return self.filter_dates(queryset)


def _local_midnight(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


class SecurityFilterForm(DateRangeForm):
    """Filters of the security log page (GET)."""

    field_order = ("event", "username", "ip_address", "date_from", "date_to")

    event = forms.ChoiceField(label=_("Sự kiện"), required=False)
    username = forms.CharField(label=_("Tên đăng nhập"), required=False, max_length=150)
    ip_address = forms.GenericIPAddressField(label=_("Địa chỉ IP"), required=False)

    def __init__(self, *args, **kwargs):
        from .security import LABELS

        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("Tất cả"))] + [(code, text) for code, text in LABELS.items()]

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("event"):
            queryset = queryset.filter(event=data["event"])
        if data.get("username"):
            queryset = queryset.filter(username__iexact=data["username"].strip())
        if data.get("ip_address"):
            queryset = queryset.filter(ip_address=data["ip_address"])
        return self.filter_dates(queryset)
