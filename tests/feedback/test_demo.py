import pytest

from egov.agencies.demo import load_demo_province
from egov.feedback import demo
from egov.feedback.models import Consultation, Submission
from egov.feedback.transitions import Status


@pytest.mark.django_db
def test_demo_items_in_various_states_and_idempotent():
    load_demo_province()
    demo.load_demo()
    assert Submission.objects.filter(kind="question").count() == 10
    assert Submission.objects.filter(kind="feedback").count() == 5
    assert {
        Status.SUBMITTED,
        Status.ROUTED,
        Status.ANSWERED,
        Status.APPROVED,
        Status.PUBLISHED,
        Status.REJECTED,
    } <= set(Submission.objects.values_list("status", flat=True))
    assert Submission.objects.overdue().exists()
    consultation = Consultation.objects.get()
    assert consultation.is_open() and consultation.sections.count() == 5 and consultation.comments.count() == 3
    demo.load_demo()
    assert Submission.objects.count() == 15 and Consultation.objects.count() == 1
