"""Files of questions, feedback and draft consultations. Registered with ``egov.attachments.access`` from
``FeedbackConfig.ready``: a sender's file is read by the staff handling the item (it may hold personal
data, so never by the public); a consultation's draft is public once the consultation is."""

from egov.attachments.access import register_file_owner

from .models import Consultation, Submission


def _consultations(user):
    return Consultation.objects.public() | Consultation.objects.for_user(user)


def register() -> None:
    register_file_owner(
        "feedback.Submission", "attachment", readable=Submission.objects.for_user, label="Hỏi đáp, phản ánh"
    )
    register_file_owner("feedback.Consultation", "attachment", readable=_consultations, label="Dự thảo lấy ý kiến")
