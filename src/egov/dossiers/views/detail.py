"""The dossier page (header, papers, results, timeline) and its action forms, derived from the table."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required

from ..deadlines import due_soon_until
from ..forms import action_form
from ..models import Dossier
from ..services import refusal
from ..transitions import acting_roles, available_actions, transition_for
from .documents import documents_for
from .presenters import decorate, decorate_papers, decorate_timeline

DETAIL_RELATED = (
    "procedure__sector",
    "receiving_agency",
    "handling_agency",
    "current_unit",
    "current_handler",
    "applicant_user",
)


def get_dossier(user, pk) -> Dossier:
    """The dossier if ``user`` may see it, else 404 (scoped with ``for_user``)."""
    return get_object_or_404(Dossier.objects.for_user(user).select_related(*DETAIL_RELATED), pk=pk)


def render_detail(request, dossier, bound_form=None, status=200):
    now = timezone.now()
    decorate([dossier], now, due_soon_until(now))
    forms = [
        bound_form
        if bound_form is not None and bound_form.transition == transition
        else action_form(transition, dossier, prefix=transition.action)
        for transition in available_actions(dossier.status, acting_roles(dossier, request.user))
    ]
    handovers = decorate_timeline(list(dossier.handovers.select_related("actor", "from_unit", "to_unit", "to_user")))
    context = {
        "dossier": dossier,
        "action_forms": forms,
        "papers": decorate_papers(list(dossier.papers.select_related("attachment"))),
        "results": dossier.results.select_related("attachment"),
        "handovers": handovers,
        "documents": documents_for(dossier, {h.action for h in handovers}),
    }
    return render(request, "dossiers/detail.html", context, status=status)


@staff_required
def dossier_detail(request, pk: int):
    return render_detail(request, get_dossier(request.user, pk))


@staff_required
@require_POST
def dossier_action(request, pk: int, action: str):
    """Validate the action's form and call its service; a refusal is shown on the page and changes nothing."""
    dossier = get_dossier(request.user, pk)
    transition = transition_for(action)
    if transition is None:
        raise Http404
    reason = refusal(transition, dossier, request.user)
    if reason:
        messages.error(request, reason)
        return redirect("dossiers:detail", pk=dossier.pk)
    form = action_form(transition, dossier, data=request.POST, files=request.FILES, prefix=transition.action)
    if form.is_valid():
        try:
            dossier = form.perform(request.user)
        except ValidationError as exc:
            if not form.errors:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã thực hiện “%(action)s” với hồ sơ %(code)s.") % {"action": transition.label, "code": dossier},
            )
            if Dossier.objects.for_user(request.user).filter(pk=dossier.pk).exists():
                return redirect("dossiers:detail", pk=dossier.pk)
            return redirect("dossiers:home")
    return render_detail(request, get_dossier(request.user, pk), bound_form=form, status=400)
