import pytest
from django.core.management import call_command

from egov.documents.models import IncomingDocument, OutgoingDocument
from egov.documents.transitions import IncomingStatus, OutgoingStatus


@pytest.mark.django_db
def test_demo_documents_at_every_stage_and_idempotent():
    call_command("demo", "--no-serve")
    statuses = set(IncomingDocument.objects.values_list("status", flat=True))
    assert {
        IncomingStatus.REGISTERED,
        IncomingStatus.PRESENTED,
        IncomingStatus.DONE,
        IncomingStatus.PENDING,
    } <= statuses
    assert IncomingDocument.objects.overdue().exists()
    assert set(OutgoingDocument.objects.values_list("status", flat=True)) == {
        OutgoingStatus.ISSUED,
        OutgoingStatus.IN_REVIEW,
    }
    counts = IncomingDocument.objects.count(), OutgoingDocument.objects.count()
    call_command("demo", "--no-serve")
    assert (IncomingDocument.objects.count(), OutgoingDocument.objects.count()) == counts
