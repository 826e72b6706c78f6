from django.contrib import admin

from .models import AuditRecord, AuditSeal


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services only and never edited: no add, change nor delete."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ("id", "at", "action", "actor_display", "object_type", "object_id", "object_display")
    list_filter = ("action",)
    search_fields = ("action", "actor_display", "object_display", "object_id", "request_id")
    date_hierarchy = "at"
    ordering = ("-id",)
    show_full_result_count = False


@admin.register(AuditSeal)
class AuditSealAdmin(ReadOnlyAdmin):
    """Seals are written by the seal job only (decision 0006)."""

    list_display = ("number", "after_id", "last_id", "count", "total", "sealed_at", "hash")
    ordering = ("-number",)
