"""Tell the submitter, by e-mail and SMS, when their question or feedback item is received, answered
or not handled; the messages carry the tracking code (and, with the answer, the rating link)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.events.registry import subscriber
from egov.notifications.services import send_sms, send_templated_email

from .models import Submission

NOTICES = {
    "feedback.submit": _("Đã nhận nội dung của ông/bà, mã tra cứu %(code)s. Hạn trả lời: %(due)s."),
    "feedback.approve": _("Nội dung %(code)s đã có trả lời. Xem và đánh giá tại: %(url)s"),
    "feedback.reject": _("Nội dung %(code)s không được xử lý. Lý do: %(reason)s."),
}


@subscriber(*NOTICES, name="feedback.notify_submitter")
def notify_submitter(event):
    item = Submission.objects.filter(pk=event.aggregate_id).first() if event.aggregate_id else None
    if item is None:
        return
    text = notice_text(event.topic, item)
    if item.email:
        send_templated_email(
            to=item.email,
            template="notifications/email/notice",
            context={
                "subject": gettext("%(kind)s %(code)s") % {"kind": item.get_kind_display(), "code": item.code},
                "message": text,
                "action_url": _tracking_url(item),
            },
            reason=event.topic,
            related=item,
        )
    if item.phone:
        try:
            send_sms(phone=item.phone, text=text, reason=event.topic, related=item)
        except ValidationError:
            pass  # a number the gateway cannot use; the e-mail (if any) still goes


def _tracking_url(item) -> str:
    return f"{settings.SITE_URL}{reverse('feedback:track')}?ma={item.code}"


def notice_text(topic: str, item: Submission) -> str:
    from .services import rating_token

    url = ""
    if topic == "feedback.approve":
        url = settings.SITE_URL + reverse("feedback:rate", args=[rating_token(item)])
    return str(NOTICES[topic]) % {
        "code": item.code,
        "due": timezone.localtime(item.due_at).strftime("%d/%m/%Y"),
        "url": url,
        "reason": item.get_reject_reason_display() or "—",
    }
