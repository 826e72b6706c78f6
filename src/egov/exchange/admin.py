from django.contrib import admin

from .models import ExchangeMessage, ExternalAgency, LgspReceipt


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


@admin.register(LgspReceipt)
class LgspReceiptAdmin(admin.ModelAdmin):
    """What was taken from the provincial LGSP, once per LGSP id (read-only: the poll writes it)."""

    list_display = ["received_at", "lgsp_id", "organ_id", "sender", "message_type", "state", "acknowledged_at"]
    list_filter = ["state", "message_type"]
    search_fields = ["lgsp_id", "document_id", "sender"]
    readonly_fields = [f.name for f in LgspReceipt._meta.fields]

    def has_add_permission(self, request):
        return False
