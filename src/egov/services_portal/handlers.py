"""Acknowledge an online submission to the applicant (the later steps are told by ``dossiers.handlers``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from egov.dossiers.models import Dossier
from egov.events.registry import subscriber
from egov.notifications.services import send_sms, send_templated_email


@subscriber("dossier.submit_online", name="services_portal.acknowledge_submission")
def acknowledge_submission(event):
    dossier = Dossier.objects.select_related("procedure").filter(pk=event.aggregate_id).first()
    if dossier is None:
        return
    text = _("Đã nhận hồ sơ trực tuyến thủ tục %(procedure)s; hồ sơ đang chờ cơ quan tiếp nhận.") % {
        "procedure": dossier.procedure.name[:60]
    }
    url = settings.SITE_URL + reverse("services_portal:my-dossier", args=[dossier.pk])
    if dossier.applicant_email:
        send_templated_email(
            to=dossier.applicant_email,
            template="notifications/email/notice",
            context={"subject": _("Đã nhận hồ sơ trực tuyến"), "message": text, "action_url": url},
            reason=event.topic,
            related=dossier,
        )
    if dossier.applicant_phone:
        try:
            send_sms(phone=dossier.applicant_phone, text=text, reason=event.topic, related=dossier)
        except ValidationError:
            pass  # a number the SMS gateway cannot use (e.g. too long a text); the e-mail still goes


@subscriber("dossier.return_result", name="services_portal.keep_results")
def keep_results_in_personal_store(event):
    """The results a citizen receives go to their personal data store, to be reused in later applications."""
    from .services import keep_results

    dossier = Dossier.objects.filter(pk=event.aggregate_id).first()
    if dossier is not None:
        keep_results(dossier)
