"""The public landing page and the staff home ("Bàn làm việc")."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from egov.accounts.decorators import user_has_role


def home(request):
    return render(request, "core/home.html")


def workspace(request):
    """Staff only: visitors are sent to sign in, citizens back to the portal with a note."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_role(user):
        messages.info(request, _("Bàn làm việc chỉ dành cho cán bộ, công chức."))
        return redirect("core:home")
    return render(request, "core/workspace.html")
