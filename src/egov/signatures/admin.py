from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("subject", "official", "agency", "not_before", "not_after", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("subject", "serial", "fingerprint")
    raw_id_fields = ("official", "agency")
    readonly_fields = (
        "subject",
        "issuer",
        "serial",
        "not_before",
        "not_after",
        "revoked_at",
        "fingerprint",
        "certificate_pem",
        "chain_pem",
        "created_at",
    )
    actions = ["revoke"]

    @admin.action(description=_("Thu hồi chứng thư số đã chọn"))
    def revoke(self, request, queryset):
        for certificate in queryset.filter(revoked_at__isnull=True):
            services.revoke_certificate(certificate, actor=request.user)
