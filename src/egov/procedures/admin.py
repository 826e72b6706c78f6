"""Django admin for the catalogue: sectors, and procedures with their documents, fees and process steps.

Saving checks that the steps' time budgets add up to the statutory time (``Procedure.check_steps``);
every change is audited like an import (``services.audit_change``). Search ignores diacritics.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from egov.attachments.services import store_upload

from . import services
from .models import Fee, Procedure, ProcessStep, RequiredDocument, Sector
from .records import catalogue_queryset, record_of

TEMPLATE_TYPES = ("pdf", "docx", "odt", "xlsx", "ods")


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class RequiredDocumentForm(forms.ModelForm):
    template_file = forms.FileField(
        label=_("tải lên mẫu đơn, tờ khai"),
        required=False,
        help_text=_("Tệp PDF, DOCX, ODT, XLSX hoặc ODS; thay cho mẫu hiện có."),
    )
    uploaded_by = None  # set per request by the inline

    class Meta:
        model = RequiredDocument
        fields = ("order", "name", "form", "count", "is_mandatory")

    def clean_template_file(self):
        upload = self.cleaned_data.get("template_file")
        if upload:
            self.instance.template = store_upload(upload, uploaded_by=self.uploaded_by, allowed_types=TEMPLATE_TYPES)
        return upload


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    form = RequiredDocumentForm
    fields = ("order", "name", "form", "count", "is_mandatory", "template_link", "template_file")
    readonly_fields = ("template_link",)
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.uploaded_by = request.user  # the form class is built anew for each request
        return formset

    @admin.display(description=_("mẫu hiện có"))
    def template_link(self, obj):
        if obj is None or obj.template_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.template.get_absolute_url(), obj.template.original_name)


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class ProcessStepFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        steps = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.instance.duration is not None
        ]
        try:
            self.instance.check_steps(steps)
        except ValidationError as error:
            raise ValidationError(error.messages)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    fields = ("order", "name", "role", "unit_hint", "duration")
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sector", "level", "time_display", "online_level", "is_active")
    list_filter = ("level", "online_level", "is_active", "sector")
    list_select_related = ("sector",)
    search_fields = ("code",)  # replaced by the diacritic-insensitive search below
    search_help_text = _("Tìm theo mã, tên thủ tục hoặc cơ quan có thẩm quyền, có dấu hoặc không dấu.")
    filter_horizontal = ("agencies",)
    inlines = (RequiredDocumentInline, FeeInline, ProcessStepInline)
    fieldsets = (
        (None, {"fields": ("code", "name", "sector", "level", "is_active")}),
        (_("Thẩm quyền"), {"fields": ("competent_authority", "agencies", "legal_basis", "conditions")}),
        (
            _("Thời hạn và kết quả"),
            {"fields": ("processing_time", "time_unit", "online_level", "legacy_level", "result_types")},
        ),
        (_("Biểu mẫu điện tử"), {"classes": ("collapse",), "fields": ("application_schema",)}),
    )

    @admin.display(description=_("thời hạn giải quyết"), ordering="processing_time")
    def time_display(self, obj):
        return f"{obj.processing_time.normalize():f} {obj.get_time_unit_display()}"

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        obj._catalogue_before = record_of(catalogue_queryset().get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.audit_change(form.instance, getattr(form.instance, "_catalogue_before", None), actor=request.user)

    def delete_model(self, request, obj):
        services.delete_procedure(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for procedure in queryset:
            services.delete_procedure(procedure, actor=request.user)
