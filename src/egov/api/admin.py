from django.contrib import admin

from .models import ApiCall, ClientSecret, Partner


class ClientSecretInline(admin.TabularInline):
    """Secrets are created on the staff page or with ``egov partners`` (shown once); here only seen."""

    model = ClientSecret
    fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active", "rate_limit", "created_at")
    search_fields = ("code", "name")
    filter_horizontal = ("agencies",)
    inlines = [ClientSecretInline]


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ("at", "partner", "method", "path", "status", "duration_ms")
    list_filter = ("status", "method")
    list_select_related = ("partner",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
