"""Demo of the exchange: a few external agencies, one document sent to the Bộ Tư pháp through the local hub
simulator (which answers 01) and one received from the Văn phòng Chính phủ, waiting to be registered; with
the local LGSP on (``egov demo`` switches it on), one document each way between the Sở Tư pháp and the Công an
tỉnh (an agency on its own system) through the provincial LGSP, with its answers 01 and 03.
Needs the demo province and documents; idempotent."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from egov.accounts.models import User
from egov.documents import services as documents
from egov.documents.models import DocumentType

from . import edxml, services
from .models import ExchangeMessage, ExternalAgency

AGENCIES = [
    # (OrganId, name, transport, endpoint)
    ("000.00.00.G12", "Bộ Tư pháp", "simulator", ""),
    ("000.00.00.G01", "Văn phòng Chính phủ", "simulator", ""),
    ("000.00.00.G22", "Bộ Nội vụ", "simulator", ""),
    ("000.00.00.H59", "Ủy ban nhân dân tỉnh Bình Sơn (hệ thống egov khác)", "peer", ""),
]
LGSP_AGENCY = ("000.00.90.H99", "Công an tỉnh An Khánh (hệ thống riêng, qua LGSP)")


def load_demo() -> list:
    for organ_id, name, transport, endpoint in AGENCIES:
        ExternalAgency.objects.get_or_create(
            organ_id=organ_id, defaults={"name": name, "transport": transport, "endpoint": endpoint}
        )
    if ExchangeMessage.objects.exists():
        return []
    users = {u.username: u for u in User.objects.filter(username__in=_NAMES).select_related("official")}
    if len(users) < len(_NAMES) or not users["chuyenvien.stp"].official:
        return []
    _send(users)
    _receive(users)
    if settings.EXCHANGE_LGSP_SIMULATOR and settings.EXCHANGE_LGSP_ENDPOINT:
        _through_lgsp(users)
    return []


_NAMES = ["vanthu.stp", "giamdoc.stp", "truongphong.stp", "chuyenvien.stp"]


def _send(users, *, subject="Báo cáo kết quả triển khai công tác hòa giải ở cơ sở năm 2026", to=None):
    from egov.documents.demo import _pdf

    spec = users["chuyenvien.stp"]
    doc = documents.create_draft(
        author=spec,
        document_type=DocumentType.objects.get(abbreviation="BC"),
        subject=subject,
        attachment=_pdf(subject[:60], spec),
        external_recipients=to or "000.00.00.G12 - Bộ Tư pháp",
    )
    doc = documents.submit_for_review(doc, actor=spec)
    doc = documents.approve_step(doc, actor=users["truongphong.stp"])
    doc = documents.approve_step(doc, actor=users["giamdoc.stp"])
    doc = documents.issue(doc, actor=users["vanthu.stp"])
    for message in services.send_document(doc):  # at once (the worker's handler finds them already queued)
        services.attempt(message.pk)
    return doc


def _receive(users):
    peer = ExternalAgency.objects.get(organ_id="000.00.00.G01")
    now = timezone.now() - timedelta(hours=2)
    message = _incoming(users, peer, now)
    services.receive(edxml.build(message), peer=peer, now=now)


def _incoming(users, peer, now, *, number="125", notation="TB-VPCP", subject=None):
    from egov.documents.demo import _pdf

    agency = users["vanthu.stp"].official.agency
    pdf = _pdf(f"Thông báo của {peer.name}"[:60], users["vanthu.stp"])
    with pdf.file.open("rb") as handle:
        data = handle.read()
    today = timezone.localdate(now)
    return edxml.DocumentMessage(
        header=edxml.MessageHeader(
            from_=edxml.Organization(organ_id=peer.organ_id, organ_name=peer.name),
            to=[edxml.Organization(organ_id=agency.code, organ_name=agency.name)],
            document_id=f"{peer.organ_id},{today:%Y/%m/%d},{number}/{notation}",
            code=edxml.Code(code_number=number, code_notation=notation),
            promulgation_info=edxml.PromulgationInfo(place="Hà Nội", promulgation_date=today),
            document_type=edxml.DocumentType(type=1, type_name="Thông báo"),
            subject=subject or "Thông báo ý kiến chỉ đạo về đẩy mạnh chuyển đổi số trong công tác tư pháp",
            signer_info=edxml.SignerInfo(
                competence="KT. BỘ TRƯỞNG, CHỦ NHIỆM", position="Phó Chủ nhiệm", full_name="Trần Văn Minh"
            ),
            other_info=edxml.OtherInfo(priority=1),
            due_date=today + timedelta(days=10),
        ),
        trace=[edxml.TraceHeader(organ_id=peer.organ_id, timestamp=now)],
        attachments=[edxml.Attachment("1", "thong-bao.pdf", "application/pdf", data)],
    )


def _through_lgsp(users):
    """Sở Tư pháp → Công an tỉnh and back through the local LGSP, at load time (the in-process client: the web
    server does not run yet); the simulated Công an reads its queue, answers 01 and 03 and sends a document."""
    from .lgsp import services as lgsp
    from .lgsp import simulator
    from .lgsp.client import set_client

    organ_id, name = LGSP_AGENCY
    peer, _created = ExternalAgency.objects.get_or_create(
        organ_id=organ_id, defaults={"name": name, "transport": ExternalAgency.Transport.LGSP}
    )
    stp = users["vanthu.stp"].official.agency
    simulator.clear()  # a fresh demo database: nothing of an earlier one is waiting
    set_client(simulator.LocalClient())
    try:
        doc = _send(
            users,
            subject="Đề nghị phối hợp rà soát hồ sơ lý lịch tư pháp quý IV năm 2026",
            to=f"{organ_id} - {name}",
        )
        sent = ExchangeMessage.objects.get(direction="out", kind="document", outgoing=doc, peer=peer)
        local = simulator.LocalClient()
        for packet in local.received(organ_id, "edoc"):  # the Công an's own system takes it
            local.fetch(packet.doc_id, organ_id=organ_id)
            local.update_status(packet.doc_id, "done", organ_id=organ_id)
        now = timezone.now()
        for code, staff in (("01", "Văn thư Công an tỉnh"), ("03", "Văn thư Công an tỉnh")):
            answer = edxml.StatusMessage(
                edxml.Status(
                    response_for=edxml.ResponseFor(organ_id=stp.code, document_id=sent.document_id),
                    from_=edxml.Organization(organ_id=organ_id, organ_name=name),
                    staff_info=edxml.StaffInfo(staff=staff),
                    status_code=code,
                    description=edxml.STATUS_LABELS[code],
                    timestamp=now.replace(microsecond=0),
                ),
                [edxml.TraceHeader(organ_id=organ_id, timestamp=now)],
            )
            simulator.enqueue(edxml.build(answer), sender=organ_id, receiver=stp.code, message_type="status")
        incoming = _incoming(
            users,
            peer,
            now - timedelta(minutes=30),
            number="87",
            notation="CV-CAT",
            subject="Công văn đề nghị cung cấp thông tin phục vụ cấp phiếu lý lịch tư pháp",
        )
        simulator.enqueue(edxml.build(incoming, format=edxml.EDOC), sender=organ_id, receiver=stp.code)
        lgsp.poll(organ_ids=[stp.code])
    finally:
        set_client(None)
