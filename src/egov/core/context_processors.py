from django.conf import settings


def site(request):
    return {
        "SITE_NAME": getattr(settings, "EGOV_SITE_NAME", "Chính quyền điện tử"),
        "OIDC_ENABLED": settings.OIDC_ENABLED,
    }
