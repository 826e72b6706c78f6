from django.contrib import admin

from .models import ExchangeMessage, ExternalAgency


@admin.register(ExternalAgency)
class ExternalAgencyAdmin(admin.ModelAdmin):
    list_display = ["organ_id", "name", "transport", "endpoint", "is_active"]
    list_filter = ["transport", "is_active"]
    search_fields = ["organ_id", "name"]


@admin.register(ExchangeMessage)
class ExchangeMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "direction", "peer", "kind", "business_type", "status_code", "document_id", "state"]
    list_filter = ["direction", "kind", "state"]
    search_fields = ["document_id", "subject"]
    readonly_fields = [f.name for f in ExchangeMessage._meta.fields]

    def has_add_permission(self, request):
        return False
