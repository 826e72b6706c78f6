"""Sign-ins and sign-outs (from every sign-in path: forms, admin, OIDC) go to the security log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from . import security


@receiver(user_logged_in, dispatch_uid="egov_security_login")
def _logged_in(sender, request, user, **kwargs):
    security.record(security.LOGIN_SUCCEEDED, request, user=user, backend=getattr(user, "backend", ""))


@receiver(user_logged_out, dispatch_uid="egov_security_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security.record(security.LOGOUT, request, user=user)
