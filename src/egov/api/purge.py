"""Periodic purge (``egov worker``): expired access tokens and partner call-log rows past their keeping time."""

from datetime import timedelta

from django.conf import settings

from egov.events.periodic import every

from .credentials import PURGE_EXPIRED_AFTER


@every(hours=6, name="api.purge")
def purge(now) -> dict:
    from .models import AccessToken, ApiCall

    tokens, _ = AccessToken.objects.filter(expires_at__lt=now - PURGE_EXPIRED_AFTER).delete()
    calls, _ = ApiCall.objects.filter(at__lt=now - timedelta(days=settings.API_CALL_LOG_DAYS)).delete()
    return {"tokens": tokens, "calls": calls}
