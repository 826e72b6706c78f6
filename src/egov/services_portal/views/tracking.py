"""Tracking: public look-up by code + last digits, the applicant's own dossiers, supplements, results, ratings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from egov.accounts.throttle import client_ip
from egov.attachments.responses import file_response
from egov.dossiers.models import Dossier, DossierResult

from .. import services
from ..forms import RatingForm, TrackingForm
from ..lookup_cache import cached_lookup
from ..models import ApplicationDraft, Rating
from ..timeline import public_timeline
from .common import applicant_required

PAGE_SIZE = 20
SUPPLEMENT_ROWS = 3


@cached_lookup
def track(request):
    form = TrackingForm(request.GET or None)
    dossier = None
    if form.is_valid():
        try:
            dossier = services.track_dossier(
                form.cleaned_data["code"], form.cleaned_data["last_digits"], ip=client_ip(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    context = {"form": form, "dossier": dossier, "searched": form.is_bound and form.is_valid()}
    if dossier is not None:
        context["timeline"] = public_timeline(dossier)
    response = render(request, "services_portal/track.html", context)
    response.found = dossier is not None  # kept by the look-up cache (lookup_cache.py)
    return response


@applicant_required
def my_dossiers(request):
    dossiers = Dossier.objects.filter(applicant_user=request.user).select_related("procedure", "current_unit")
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    drafts = ApplicationDraft.objects.filter(user=request.user, dossier__isnull=True).select_related("procedure")
    return render(request, "services_portal/my_dossiers.html", {"page": page, "drafts": drafts[:PAGE_SIZE]})


def _own(request, pk):
    return get_object_or_404(
        Dossier.objects.select_related("procedure", "current_unit", "receiving_agency"),
        pk=pk,
        applicant_user=request.user,
    )


@applicant_required
def my_dossier(request, pk: int):
    dossier = _own(request, pk)
    rating = Rating.objects.filter(dossier=dossier).first()
    papers = list(dossier.papers.select_related("attachment"))
    checks = services.signature_checks(p.attachment_id for p in papers)
    return render(
        request,
        "services_portal/my_dossier.html",
        {
            "dossier": dossier,
            "timeline": public_timeline(dossier),
            "results": dossier.results.select_related("attachment"),
            "papers": [(p, checks.get(p.attachment_id)) for p in papers],
            "rating": rating,
            "can_rate": rating is None and dossier.status in services.RATEABLE,
            "rating_form": RatingForm(),
            "supplement_rows": range(SUPPLEMENT_ROWS),
            "payment_url": _payment_url(request, dossier),
            "receipt_url": _receipt_url(dossier),
        },
    )


def _payment_url(request, dossier):
    """The portal's pay button target, when the dossier waits for its fee and the payments app is there."""
    if dossier.status != "awaiting_payment" or dossier.fee_paid:
        return None
    try:
        from egov.payments.services import start_payment  # noqa: F401
    except ImportError:
        return None  # the payments app is optional
    return reverse("services_portal:pay", args=[dossier.pk])


@require_POST
@applicant_required
def supplement(request, pk: int):
    dossier = _own(request, pk)
    files_by_paper = {}
    for i in range(SUPPLEMENT_ROWS):
        files = request.FILES.getlist(f"files_{i}")
        if files:
            name = request.POST.get(f"name_{i}", "").strip() or _("Giấy tờ bổ sung")
            files_by_paper[str(name)[:500]] = files
    try:
        services.answer_supplement(dossier, user=request.user, files_by_paper=files_by_paper)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã gửi hồ sơ bổ sung. Thời hạn giải quyết tiếp tục được tính."))
    return redirect("services_portal:my-dossier", pk=dossier.pk)


@require_POST
@applicant_required
def rate(request, pk: int):
    dossier = _own(request, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng chọn mức độ hài lòng từ 1 đến 5."))
        return redirect("services_portal:my-dossier", pk=dossier.pk)
    try:
        services.rate_dossier(dossier, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Cảm ơn bạn đã đánh giá."))
    return redirect("services_portal:my-dossier", pk=dossier.pk)


@applicant_required
def result_download(request, pk: int, result_pk: int):
    dossier = _own(request, pk)
    result = get_object_or_404(DossierResult.objects.select_related("attachment"), pk=result_pk, dossier=dossier)
    if result.attachment is None:
        raise Http404
    return file_response(result.attachment)


@require_POST
@applicant_required
def pay(request, pk: int):
    """Hand over to the payments app: it opens a transaction and gives the gateway address."""
    dossier = _own(request, pk)
    try:
        from egov.payments.services import start_payment
    except ImportError:
        raise Http404
    return_url = request.build_absolute_uri(reverse("services_portal:my-dossier", args=[dossier.pk]))
    try:
        started = start_payment(dossier, user=request.user, return_url=return_url, client_ip=client_ip(request) or "")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("services_portal:my-dossier", pk=dossier.pk)
    return redirect(started.redirect_url)


def _receipt_url(dossier):
    """The receipt of the last paid transaction (payments app), or None."""
    try:
        from egov.payments.services import latest_paid
    except ImportError:
        return None
    paid = latest_paid(dossier) if dossier.fee_paid else None
    return reverse("payments:receipt", args=[paid.reference]) if paid else None
