"""Access checks for staff pages: sign-in first, then the account kind and roles.

An anonymous visitor is sent to the staff sign-in page; a signed-in citizen, or a staff user without
one of the roles, gets 403. Superusers pass every role check.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role


def user_has_role(user, *roles: str) -> bool:
    """True for an active staff user with one of ``roles`` (any role when none is given)."""
    if not user.is_authenticated or not user.is_active or not getattr(user, "is_official", False):
        return False
    if user.is_superuser or not roles:
        return True
    return user.has_role(*roles)


def role_required(*roles: str):
    """View decorator: staff only, and with one of ``roles`` when given."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required()
system_admin_required = role_required(Role.SYSTEM_ADMIN)


class StaffRequiredMixin(AccessMixin):
    """Class-based views: staff only; set ``required_roles`` to also require one of those roles."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_has_role(request.user, *self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
