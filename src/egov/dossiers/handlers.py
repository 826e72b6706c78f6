"""Reactions to dossier events: tell the applicant, by e-mail and SMS, when something concerns them.

Each handler runs in the outbox dispatcher's transaction; the messages it queues are rows written in
that same transaction, so a delivery retried after a crash never queues them twice.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core import formatting
from egov.events.registry import subscriber
from egov.notifications.services import send_sms, send_templated_email

from .models import Dossier

# What the applicant is told at each step that concerns them (the SMS text is the first sentence).
APPLICANT_NOTICES = {
    "dossier.receive": _("Hồ sơ %(code)s đã được tiếp nhận. Hẹn trả kết quả: %(due)s."),
    "dossier.accept": _("Hồ sơ %(code)s đã được tiếp nhận. Hẹn trả kết quả: %(due)s."),
    "dossier.refuse": _("Hồ sơ của ông/bà không được tiếp nhận. Lý do: %(note)s."),
    "dossier.request_supplement": _("Hồ sơ %(code)s cần bổ sung: %(note)s."),
    "dossier.request_payment": _("Hồ sơ %(code)s chờ nộp phí, lệ phí: %(fee)s đồng."),
    "dossier.apologize": _("Hồ sơ %(code)s chậm so với hẹn, xin lỗi ông/bà. Hẹn trả mới: %(due)s."),
    "dossier.approve": _("Hồ sơ %(code)s đã có kết quả, mời ông/bà nhận kết quả."),
    "dossier.stop": _("Hồ sơ %(code)s đã dừng xử lý. Lý do: %(note)s."),
}


@subscriber(*APPLICANT_NOTICES, name="dossiers.notify_applicant")
def notify_applicant(event):
    dossier = (
        Dossier.objects.select_related("procedure").filter(pk=event.aggregate_id).first()
        if event.aggregate_id
        else None
    )
    if dossier is None:
        return
    text = _notice_text(event.topic, dossier)
    if dossier.applicant_email:
        send_templated_email(
            to=dossier.applicant_email,
            template="notifications/email/notice",
            context={
                "subject": gettext("Hồ sơ %(code)s: %(procedure)s")
                % {"code": dossier.code or "", "procedure": dossier.procedure.name},
                "message": text,
                "action_url": f"{settings.SITE_URL}/",
            },
            reason=event.topic,
            related=dossier,
        )
    if dossier.applicant_phone:
        try:
            send_sms(phone=dossier.applicant_phone, text=text, reason=event.topic, related=dossier)
        except ValidationError:
            pass  # a number the SMS gateway cannot use; the e-mail (if any) still goes


def _notice_text(topic: str, dossier: Dossier) -> str:
    last = dossier.handovers.order_by("-at", "-id").first()
    due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else "—"
    return str(APPLICANT_NOTICES[topic]) % {
        "code": dossier.code or "",
        "due": due,
        "note": (last.note if last else "") or "—",
        "fee": formatting.number(dossier.fee_total, 0),
    }
