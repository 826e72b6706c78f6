import pytest
from django.core.management import call_command

from egov.documents.models import IncomingDocument
from egov.exchange.models import ExchangeMessage, ExternalAgency, RecipientStatus


@pytest.mark.django_db
def test_demo_agencies_and_one_exchanged_document_each_way_idempotent():
    call_command("demo", "--no-serve")
    assert ExternalAgency.objects.count() >= 4
    assert RecipientStatus.objects.get().codes == ["01"]  # the hub simulator answered
    received = IncomingDocument.objects.get(issuer_code="000.00.00.G01")
    assert received.status == "pending" and received.attachments.count() == 1
    counts = ExchangeMessage.objects.count(), IncomingDocument.objects.count()
    call_command("demo", "--no-serve")
    assert (ExchangeMessage.objects.count(), IncomingDocument.objects.count()) == counts
