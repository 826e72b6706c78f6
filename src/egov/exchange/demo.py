"""Demo of the exchange: a few external agencies, one document sent to the Bộ Tư pháp through the local hub
simulator (which answers 01) and one received from the Văn phòng Chính phủ, waiting to be registered.
Needs the demo province and documents; idempotent."""

from datetime import timedelta

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
    return []


_NAMES = ["vanthu.stp", "giamdoc.stp", "truongphong.stp", "chuyenvien.stp"]


def _send(users):
    from egov.documents.demo import _pdf

    spec = users["chuyenvien.stp"]
    doc = documents.create_draft(
        author=spec,
        document_type=DocumentType.objects.get(abbreviation="BC"),
        subject="Báo cáo kết quả triển khai công tác hòa giải ở cơ sở năm 2026",
        attachment=_pdf("Báo cáo công tác hòa giải ở cơ sở", spec),
        external_recipients="000.00.00.G12 - Bộ Tư pháp",
    )
    doc = documents.submit_for_review(doc, actor=spec)
    doc = documents.approve_step(doc, actor=users["truongphong.stp"])
    doc = documents.approve_step(doc, actor=users["giamdoc.stp"])
    doc = documents.issue(doc, actor=users["vanthu.stp"])
    for message in services.send_document(doc):  # at once (the worker's handler finds them already queued)
        services.attempt(message.pk)


def _receive(users):
    from egov.documents.demo import _pdf

    agency = users["vanthu.stp"].official.agency
    peer = ExternalAgency.objects.get(organ_id="000.00.00.G01")
    pdf = _pdf("Thông báo của Văn phòng Chính phủ", users["vanthu.stp"])
    with pdf.file.open("rb") as handle:
        data = handle.read()
    now = timezone.now() - timedelta(hours=2)
    today = timezone.localdate(now)
    message = edxml.DocumentMessage(
        header=edxml.MessageHeader(
            from_=edxml.Organization(organ_id=peer.organ_id, organ_name=peer.name),
            to=[edxml.Organization(organ_id=agency.code, organ_name=agency.name)],
            document_id=f"{peer.organ_id},{today:%Y/%m/%d},125/TB-VPCP",
            code=edxml.Code(code_number="125", code_notation="TB-VPCP"),
            promulgation_info=edxml.PromulgationInfo(place="Hà Nội", promulgation_date=today),
            document_type=edxml.DocumentType(type=1, type_name="Thông báo"),
            subject="Thông báo ý kiến chỉ đạo về đẩy mạnh chuyển đổi số trong công tác tư pháp",
            signer_info=edxml.SignerInfo(
                competence="KT. BỘ TRƯỞNG, CHỦ NHIỆM", position="Phó Chủ nhiệm", full_name="Trần Văn Minh"
            ),
            other_info=edxml.OtherInfo(priority=1),
            due_date=today + timedelta(days=10),
        ),
        trace=[edxml.TraceHeader(organ_id=peer.organ_id, timestamp=now)],
        attachments=[edxml.Attachment("1", "thong-bao.pdf", "application/pdf", data)],
    )
    services.receive(edxml.build(message), peer=peer, now=now)
