from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse


def applicant_required(view):
    """Signed-in citizen or business accounts only (staff accounts do not file applications)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:citizen-login"))
        if user.is_official:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
