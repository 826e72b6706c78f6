"""The public home ("/") and the staff home ("Bàn làm việc").

"/" is whatever an app registered with ``register_home_view`` answers (the information portal's home,
``cms``); when it answers None (no portal set up yet) it is the plain landing page below.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from egov.accounts.decorators import user_has_role

_home_views = []


def register_home_view(view) -> None:
    """``view(request)`` returns the response for "/" or None to let the next one (or the landing) answer."""
    if view not in _home_views:
        _home_views.append(view)


def home(request):
    for view in _home_views:
        response = view(request)
        if response is not None:
            return response
    return render(request, "core/home.html")


def workspace(request):
    """Staff only: visitors are sent to sign in, citizens back to the portal with a note."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_role(user):
        messages.info(request, _("Bàn làm việc chỉ dành cho cán bộ, công chức."))
        return redirect("core:home")
    from django.utils import timezone

    from .tiles import tiles_for

    return render(request, "core/workspace.html", {"tiles": tiles_for(user, timezone.now())})
