import pytest
from django.core.management import call_command

from egov.documents.models import IncomingDocument
from egov.exchange.models import ExchangeMessage, ExternalAgency, LgspReceipt, RecipientStatus


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


@pytest.mark.django_db
def test_demo_exchanges_one_document_each_way_through_the_local_lgsp(settings, tmp_path):
    settings.EXCHANGE_LGSP_SIMULATOR = True
    settings.EXCHANGE_LGSP_ENDPOINT = "http://127.0.0.1:18100/mo-phong/lgsp"  # not served: the loader works in-process
    settings.EXCHANGE_LGSP_SYSTEM_ID, settings.EXCHANGE_LGSP_SECRET = "egov.demo.ankhanh", "demo-lgsp-secret"
    settings.EXCHANGE_LGSP_SIMULATOR_DIR = tmp_path / "lgsp"
    call_command("demo", "--no-serve")
    peer = ExternalAgency.objects.get(organ_id="000.00.90.H99")
    assert peer.transport == "lgsp"
    sent = ExchangeMessage.objects.get(direction="out", kind="document", peer=peer)
    assert sent.state == "sent"
    assert RecipientStatus.objects.get(outgoing=sent.outgoing, recipient=peer).codes == ["01", "03"]
    received = IncomingDocument.objects.get(issuer_code="000.00.90.H99")
    assert received.status == "pending" and received.attachments.count() == 1
    assert LgspReceipt.objects.filter(acknowledged_at__isnull=False).count() == 3  # the document and 2 statuses
    counts = ExchangeMessage.objects.count(), IncomingDocument.objects.count()
    call_command("demo", "--no-serve")
    assert (ExchangeMessage.objects.count(), IncomingDocument.objects.count()) == counts
