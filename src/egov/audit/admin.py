from django.contrib import admin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the log is written by services only and never edited."""

    list_display = ("seq", "at", "action", "actor_display", "object_type", "object_id", "object_display")
    list_filter = ("action",)
    search_fields = ("action", "actor_display", "object_display", "object_id", "request_id")
    date_hierarchy = "at"
    ordering = ("-seq",)
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
