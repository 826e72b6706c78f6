from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .labels import WEEKDAY_NAMES
from .models import CalendarDay

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]  # Vietnamese day/month order; never the US month/day


class CalendarDayForm(forms.ModelForm):
    date = forms.DateField(
        label=_("ngày"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("Dạng ngày/tháng/năm, ví dụ 02/01/2026."),
    )

    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "note")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday", "kind", "note", "updated_at")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("note",)
    ordering = ("date",)
    list_per_page = 100
    fields = ("date", "kind", "note")

    @admin.display(description=_("thứ"))
    def weekday(self, obj):
        return WEEKDAY_NAMES[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        services.save_calendar_day(obj)

    def delete_model(self, request, obj):
        services.delete_calendar_days([obj])

    def delete_queryset(self, request, queryset):
        services.delete_calendar_days(queryset)
