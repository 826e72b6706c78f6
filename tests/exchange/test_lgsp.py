"""The provincial LGSP transport against the local LGSP simulator served by the live test server on loopback:
agency A sends (eDoc envelope, sendEdoc), agency B polls its list, fetches, takes the document in exactly once
and acknowledges; B's statuses travel back through the LGSP to A. One database plays both sides (A and B are
each other's external agency, transport "lgsp")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.factories import pdf_bytes
from egov.audit.models import AuditRecord
from egov.documents import services as documents
from egov.documents.models import IncomingDocument
from egov.documents.transitions import IncomingStatus
from egov.exchange import edxml, services
from egov.exchange.lgsp import protocol, simulator
from egov.exchange.lgsp import services as lgsp
from egov.exchange.lgsp.client import HttpLgspClient, LgspError, set_client
from egov.exchange.models import ExchangeMessage, ExternalAgency, LgspReceipt, RecipientStatus
from egov.exchange.transitions import MessageState

from .conftest import run_events
from .test_flow import issue_to_b

SYSTEM_ID, SECRET = "egov.test.01", "khoa-bi-mat-lgsp-thu-nghiem"


@pytest.fixture
def platform(live_server, settings, world, tmp_path):
    """The simulator on the live server, the real HTTP client pointed at it, A and B exchanging through it."""
    settings.EXCHANGE_LGSP_SIMULATOR_DIR = tmp_path / "lgsp"
    settings.EXCHANGE_LGSP_SIMULATOR = True
    settings.EXCHANGE_LGSP_ENDPOINT = f"{live_server.url}/mo-phong/lgsp"
    settings.EXCHANGE_LGSP_SYSTEM_ID, settings.EXCHANGE_LGSP_SECRET = SYSTEM_ID, SECRET
    settings.EXCHANGE_LGSP_ORGAN_IDS = [world.a.agency.code, world.b.agency.code]
    settings.EXCHANGE_LGSP_SIMULATOR_FAILURE_RATE = 0
    settings.EXCHANGE_TIMEOUT_SECONDS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    simulator.reset(settings.EXCHANGE_LGSP_SIMULATOR_SEED)
    ExternalAgency.objects.filter(pk__in=[world.peer_a.pk, world.peer_b.pk]).update(transport="lgsp")
    set_client(None)
    yield HttpLgspClient()
    set_client(None)


def poll(world, who):
    return lgsp.poll(organ_ids=[who.agency.code])


def test_round_trip_edoc_to_b_and_statuses_back_to_a(platform, world):
    doc = issue_to_b(world)
    run_events()
    sent = ExchangeMessage.objects.get(direction="out", kind="document", outgoing=doc)
    assert sent.state == MessageState.SENT and sent.peer == world.peer_b, sent.last_error

    [queued] = simulator.packets(world.b.agency.code)
    assert queued.sender == world.a.agency.code and queued.message_type == "edoc"
    assert edxml.read(queued.body)[0] == edxml.EDOC  # the go.vn/eDoc envelope on the wire
    assert b'xmlns="http://www.go.vn/eDoc"' in queued.body

    result = poll(world, world.b)
    assert (result.listed, result.received, result.acknowledged, result.errors) == (1, 1, 1, 0)
    copy = IncomingDocument.objects.get(agency=world.b.agency, issuer_code=world.a.agency.code)
    assert copy.status == IncomingStatus.PENDING and copy.subject == doc.subject and copy.notation == doc.notation
    assert copy.attachments.get().sha256 == doc.attachments.get().sha256  # the file, byte for byte
    queued = simulator.find(queued.lgsp_id, world.b.agency.code)
    assert queued.state == "done"  # acknowledged: off B's list
    receipt = LgspReceipt.objects.get(lgsp_id=queued.lgsp_id)
    assert receipt.state == "received" and receipt.acknowledged_at and receipt.document_id == sent.document_id

    # B acts; its statuses go back to A as QCVN 102 status packets through the LGSP
    run_events()  # 01 (arrived) is queued by the arrival itself
    copy = documents.register_received(copy, clerk=world.b.clerk)
    run_events()
    statuses = simulator.packets(world.a.agency.code)
    assert [m.message_type for m in statuses] == ["status", "status"]
    assert poll(world, world.a).received == 2
    status = RecipientStatus.objects.get(outgoing=doc, recipient=world.peer_b)
    assert status.codes == ["01", "03"] and status.code == "03"
    assert not ExchangeMessage.objects.exclude(state__in=[MessageState.SENT, MessageState.RECEIVED]).exists()


def test_polled_twice_is_one_document_and_is_acknowledged_again(platform, world):
    issue_to_b(world)
    run_events()
    [packet] = simulator.packets(world.b.agency.code)
    lgsp_id = packet.lgsp_id
    # the acknowledgement is lost: the platform lists the packet again
    calls = []
    real = platform.update_status

    def lost(doc_id, status, **kwargs):
        calls.append(doc_id)
        raise LgspError("timeout", "no answer")

    platform.update_status = lost
    first = lgsp.poll(client=platform, organ_ids=[world.b.agency.code])
    assert (first.received, first.acknowledged, first.errors) == (1, 0, 1) and calls == [lgsp_id]
    platform.update_status = real
    second = lgsp.poll(client=platform, organ_ids=[world.b.agency.code])
    assert (second.listed, second.received, second.already, second.acknowledged) == (1, 0, 1, 1)
    third = lgsp.poll(client=platform, organ_ids=[world.b.agency.code])
    assert third.listed == 0
    assert IncomingDocument.objects.filter(agency=world.b.agency).count() == 1
    assert LgspReceipt.objects.count() == 1

    # the same document sent again under another LGSP id (a send retried after a lost answer): still one
    body = packet.body
    simulator.enqueue(body, sender=world.a.agency.code, receiver=world.b.agency.code)
    again = lgsp.poll(client=platform, organ_ids=[world.b.agency.code])
    assert (again.received, again.acknowledged) == (1, 1)
    assert IncomingDocument.objects.filter(agency=world.b.agency).count() == 1


def test_a_bad_secret_is_refused_with_the_platform_error(platform, world):
    bad = HttpLgspClient(secret="sai-khoa")
    with pytest.raises(LgspError) as caught:
        bad.received(world.b.agency.code, "edoc")
    assert caught.value.cause == "auth" and caught.value.http_status == 401
    assert "401" in str(caught.value) and "khóa bí mật" in str(caught.value)

    # a send with the wrong secret stays queued with that error, then goes once the secret is right
    set_client(bad)
    doc = issue_to_b(world)
    run_events()
    sent = ExchangeMessage.objects.get(direction="out", kind="document", outgoing=doc)
    assert sent.state == MessageState.RETRYING and "HTTP 401" in sent.last_error and not simulator.packets()
    set_client(None)
    services.send_due(now=timezone.now() + timedelta(hours=1))
    sent.refresh_from_db()
    assert sent.state == MessageState.SENT and len(simulator.packets()) == 1


def test_the_simulator_checks_headers_and_sender(platform, world, client):
    base = "/mo-phong/lgsp/getReceivedEdocList"
    assert client.get(base).status_code == 401
    no_from = client.get(base, headers={"systemid": SYSTEM_ID, "secret": SECRET})
    assert no_from.status_code == 400 and no_from.json()["status"] == "FAIL"
    ok = client.get(base, headers={"systemid": SYSTEM_ID, "secret": SECRET, "from": world.b.agency.code})
    assert ok.json() == protocol.answer(data=[])
    # B may not send in A's name, nor read A's queue
    doc = issue_to_b(world)
    run_events()
    [packet] = simulator.packets()
    with pytest.raises(LgspError, match="khác nơi gửi"):
        platform.send(packet.body, sender=world.b.agency.code, receivers=[world.a.agency.code], message_type="edoc")
    with pytest.raises(LgspError, match="404"):
        platform.fetch(packet.lgsp_id, organ_id=world.a.agency.code)
    with pytest.raises(LgspError, match="nơi nhận không hợp lệ"):
        platform.send(packet.body, sender=world.a.agency.code, receivers=["../../etc"], message_type="edoc")
    assert doc


def test_a_refused_packet_is_acknowledged_as_fail_and_not_fetched_again(platform, world):
    lgsp_id = simulator.enqueue(b"<edXMLEnvelope><khong-hop-le/>", sender="000.00.99.H97", receiver=world.b.agency.code)
    result = poll(world, world.b)
    assert (result.refused, result.acknowledged) == (1, 1)
    row = simulator.find(lgsp_id, world.b.agency.code)
    assert row.state == "fail" and row.description
    assert LgspReceipt.objects.get(lgsp_id=lgsp_id).state == "refused"
    assert poll(world, world.b).listed == 0
    assert AuditRecord.objects.filter(action="exchange.lgsp_refused").count() == 1


def test_an_unknown_sender_of_the_province_is_added_and_answered_through_the_lgsp(platform, world):
    today = timezone.localdate()
    message = edxml.DocumentMessage(
        header=edxml.MessageHeader(
            from_=edxml.Organization(organ_id="000.00.61.H97", organ_name="Công an tỉnh (hệ thống riêng)"),
            to=[edxml.Organization(organ_id=world.b.agency.code, organ_name=world.b.agency.name)],
            document_id=f"000.00.61.H97,{today:%Y/%m/%d},12/CV-CAT",
            code=edxml.Code(code_number="12", code_notation="CV-CAT"),
            promulgation_info=edxml.PromulgationInfo(promulgation_date=today),
            document_type=edxml.DocumentType(type=1, type_name="Công văn"),
            subject="Đề nghị phối hợp",
            signer_info=edxml.SignerInfo(position="Giám đốc", full_name="Lê Văn An"),
        ),
        trace=[edxml.TraceHeader(organ_id="000.00.61.H97", timestamp=timezone.now())],
        attachments=[edxml.Attachment("1", "cv.pdf", "application/pdf", pdf_bytes("Công văn 12/CV-CAT"))],
    )
    simulator.enqueue(edxml.build(message, format="eDoc"), sender="000.00.61.H97", receiver=world.b.agency.code)
    assert poll(world, world.b).received == 1, LgspReceipt.objects.values_list("error", flat=True)
    peer = ExternalAgency.objects.get(organ_id="000.00.61.H97")
    assert peer.transport == "lgsp" and peer.name == "Công an tỉnh (hệ thống riêng)"
    run_events()  # 01 goes back through the LGSP
    [answer] = simulator.packets("000.00.61.H97")
    parsed = edxml.parse(answer.body)
    assert answer.message_type == "status" and parsed.status.status_code == "01"


def test_the_simulator_failing_some_calls_still_ends_delivered(platform, world, settings):
    settings.EXCHANGE_LGSP_SIMULATOR_FAILURE_RATE = 0.4
    settings.EXCHANGE_TIMEOUT_SECONDS = 0.5
    simulator.reset(7)
    docs = [issue_to_b(world, external_recipients=f"{world.b.agency.code} - B") for _ in range(3)]
    for rounds in range(1, 60):
        run_events()
        services.send_due(now=timezone.now() + timedelta(days=rounds))  # past every back-off
        lgsp.poll(client=platform, organ_ids=[world.a.agency.code, world.b.agency.code])
        copies = IncomingDocument.objects.filter(agency=world.b.agency).count()
        pending = simulator.packets(states=("new",))
        unsent = ExchangeMessage.objects.filter(direction="out").exclude(state=MessageState.SENT).exists()
        if copies == 3 and not pending and not unsent:
            break
    else:
        raise AssertionError(
            f"not delivered: {copies} {pending} {list(ExchangeMessage.objects.values_list('state', 'last_error'))}"
            f" {list(LgspReceipt.objects.values_list('state', 'error'))}"
        )
    assert IncomingDocument.objects.filter(agency=world.b.agency).count() == 3  # none twice
    for doc in docs:
        assert RecipientStatus.objects.get(outgoing=doc, recipient=world.peer_b).code == "01"
    assert not ExchangeMessage.objects.filter(state=MessageState.FAILED).exists()
    assert rounds > 1  # failures happened and were retried


def test_transport_sends_revoke_and_status_as_qcvn102(world):
    from egov.exchange.lgsp.transport import wire_body

    doc = issue_to_b(world)
    run_events()
    sent = ExchangeMessage.objects.get(direction="out", kind="document", outgoing=doc)
    with sent.xml.open("rb") as handle:
        body = handle.read()
    assert edxml.read(wire_body(body)[0])[0] == "eDoc"
    revoke = edxml.parse(body)
    revoke.business = edxml.Business(edxml.BusinessType.REVOKE, "nhầm")
    data, kind = wire_body(edxml.build(revoke))
    assert edxml.read(data)[0] == "qcvn102" and kind == "edoc"
    status = ExchangeMessage.objects.filter(direction="out", kind="status").first()
    with status.xml.open("rb") as handle:
        assert wire_body(handle.read())[1] == "status"


def test_egov_demo_switches_the_local_lgsp_on_unless_one_is_configured(monkeypatch):
    from egov.cli import demo_lgsp_env

    monkeypatch.delenv("EGOV_EXCHANGE_LGSP_ENDPOINT", raising=False)
    monkeypatch.delenv("EGOV_EXCHANGE_LGSP_SIMULATOR", raising=False)
    env = demo_lgsp_env(["demo", "--port", "18101"])
    assert env["EGOV_EXCHANGE_LGSP_ENDPOINT"] == "http://127.0.0.1:18101/mo-phong/lgsp"
    assert env["EGOV_EXCHANGE_LGSP_SIMULATOR"] == "1" and env["EGOV_EXCHANGE_LGSP_ORGAN_ID"] == "000.00.04.H99"
    monkeypatch.setenv("EGOV_EXCHANGE_LGSP_ENDPOINT", "https://lgsp.example.gov.vn/edoc")
    assert demo_lgsp_env(["demo"]) == {}


def test_an_inactive_sender_is_refused_and_told_so(platform, world):
    ExternalAgency.objects.filter(pk=world.peer_a.pk).update(is_active=False)
    issue_to_b(world)
    run_events()  # A still sends (its own outbox); B no longer takes from A
    result = poll(world, world.b)
    assert (result.refused, result.acknowledged) == (1, 1)
    [packet] = simulator.packets(world.b.agency.code)
    assert packet.state == "fail" and "không còn liên thông" in packet.description
    assert not IncomingDocument.objects.filter(agency=world.b.agency).exists()


def test_the_system_check_wants_the_system_id_and_secret_with_the_endpoint(settings):
    from egov.core.registry import check_registries

    settings.EXCHANGE_LGSP_ENDPOINT = "https://lgsp.example.gov.vn/edoc"
    settings.EXCHANGE_LGSP_SYSTEM_ID = settings.EXCHANGE_LGSP_SECRET = ""
    messages = " ".join(str(error.msg) for error in check_registries())
    assert "EGOV_EXCHANGE_LGSP_SYSTEM_ID is not set" in messages and "EGOV_EXCHANGE_LGSP_SECRET is not set" in messages
