"""The postal page of a dossier (arrival, return by post) and the printable handover slip."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from egov.accounts.decorators import staff_required
from egov.dossiers.models import Channel, Dossier
from egov.dossiers.services import DossierError
from egov.dossiers.transitions import Status

from . import services
from .forms import ShipmentForm
from .models import Direction, Shipment


@staff_required
def dossier_postal(request, pk: int):
    dossier = get_object_or_404(Dossier.objects.for_user(request.user).select_related("procedure"), pk=pk)
    shipments = {s.direction: s for s in dossier.shipments.all()}
    can_arrive = dossier.channel == Channel.POST and Direction.IN not in shipments
    can_return = dossier.status == Status.RESULT_READY and Direction.OUT not in shipments
    form = ShipmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        postal = services.Postal(**form.cleaned_data)
        try:
            if request.POST.get("direction") == Direction.OUT and can_return:
                services.return_by_post(dossier, postal, officer=request.user)
                messages.success(request, _("Đã ghi nhận trả kết quả qua bưu chính."))
            elif request.POST.get("direction") == Direction.IN and can_arrive:
                services.record_arrival(dossier, postal, officer=request.user)
                messages.success(request, _("Đã ghi nhận hồ sơ nhận qua bưu chính."))
            else:
                raise DossierError(_("Không thể ghi nhận bưu gửi cho hồ sơ ở trạng thái này."))
        except DossierError as exc:
            form.add_error(None, exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            return redirect("postal:dossier", pk=dossier.pk)
    context = {
        "dossier": dossier,
        "shipments": shipments.values(),
        "form": form,
        "can_arrive": can_arrive,
        "can_return": can_return,
    }
    return render(request, "postal/dossier.html", context, status=400 if form.errors else 200)


@staff_required
def handover_slip(request, pk: int):
    """Phiếu bàn giao với nhân viên bưu chính (print A5)."""
    shipment = get_object_or_404(
        Shipment.objects.for_user(request.user).select_related(
            "dossier__procedure", "dossier__receiving_agency", "officer"
        ),
        pk=pk,
    )
    return render(request, "postal/slip.html", {"shipment": shipment, "dossier": shipment.dossier})
