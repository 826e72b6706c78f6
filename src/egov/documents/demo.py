"""Demo documents of the Sở Tư pháp at every stage, made through the services (with trail, audit, events).
Needs the demo province; idempotent."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.accounts.models import User
from egov.agencies.models import Agency
from egov.attachments.services import store_upload

from . import services
from .doctypes import ensure_document_types
from .models import DocumentType, IncomingDocument, OutgoingDocument, Urgency

USERNAMES = ["vanthu.stp", "giamdoc.stp", "truongphong.stp", "chuyenvien.stp"]
INCOMING = [
    # (issuer, notation, type, subject, stage, urgency, days ago, deadline in days)
    (
        "Ủy ban nhân dân tỉnh An Khánh",
        "125/QĐ-UBND",
        "QĐ",
        "Quyết định phê duyệt quy hoạch mạng lưới tổ chức hành nghề công chứng",
        "done",
        0,
        20,
        10,
    ),
    (
        "Bộ Tư pháp",
        "2045/BTP-PBGDPL",
        "CV",
        "Về việc triển khai công tác phổ biến, giáo dục pháp luật năm 2026",
        "in_progress",
        0,
        12,
        -2,
    ),
    ("Sở Nội vụ", "88/KH-SNV", "KH", "Kế hoạch cải cách hành chính năm 2026", "assigned", 1, 3, 7),
    (
        "Ủy ban nhân dân tỉnh An Khánh",
        "310/UBND-NC",
        "CV",
        "Về việc rà soát văn bản quy phạm pháp luật",
        "presented",
        3,
        0,
        2,
    ),
    ("Văn phòng Chính phủ", "15/TB-VPCP", "TB", "Thông báo kết luận của Thủ tướng Chính phủ", "registered", 0, 0, None),
]


def load_demo() -> list:
    if IncomingDocument.objects.exists() or OutgoingDocument.objects.exists():
        return []
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES).select_related("official")}
    if len(users) < len(USERNAMES) or not users["truongphong.stp"].official:
        return []  # not the demo province
    ensure_document_types()
    now = timezone.now()
    for row in INCOMING:
        _incoming(users, now, *row)
    _outgoing(users, now)
    return []


def _incoming(users, now, issuer, notation, abbreviation, subject, stage, urgency, days_ago, deadline_days):
    clerk, leader, head, spec = (users[n] for n in USERNAMES)
    at = now - timedelta(days=days_ago)
    deadline = timezone.localdate(at) + timedelta(days=deadline_days) if deadline_days is not None else None
    data = services.IncomingData(
        issuer_name=issuer,
        notation=notation,
        number=notation.split("/")[0],
        document_type=DocumentType.objects.get(abbreviation=abbreviation),
        document_date=timezone.localdate(at) - timedelta(days=1),
        subject=subject,
        urgency=urgency,
        deadline=deadline,
    )
    attachment = _pdf(subject, clerk, number_line=f"Số: {notation}", heading=issuer)
    doc = services.register_incoming(data, clerk=clerk, attachments=[attachment], now=at)
    if stage == "registered":
        return
    doc = services.present(doc, actor=clerk, leader=leader, now=at)
    if stage == "presented":
        return
    unit = head.official.unit
    doc = services.assign(
        doc, actor=leader, lead_unit=unit, direction="Phòng chủ trì tham mưu", deadline=deadline, now=at
    )
    doc = services.reassign_within_unit(doc, actor=head, to_user=spec, now=at)
    if stage == "assigned":
        return
    doc = services.record_progress(doc, actor=spec, text="Đang dự thảo văn bản trả lời", now=at + timedelta(days=1))
    if stage == "done":
        services.mark_done(doc, actor=spec, now=at + timedelta(days=3))


def _outgoing(users, now):
    clerk, leader, head, spec = (users[n] for n in USERNAMES)
    recipients = list(Agency.objects.filter(code__in=["000.00.02.H99", "000.00.03.H99"]))
    letter = DocumentType.objects.get(abbreviation="CV")
    doc = services.create_draft(
        author=spec,
        document_type=letter,
        subject="Về việc góp ý dự thảo Quy chế phối hợp phổ biến, giáo dục pháp luật",
        attachment=_pdf("Dự thảo công văn góp ý", spec),
        internal_recipients=recipients,
        external_recipients="Bộ Tư pháp",
        urgency=Urgency.URGENT,
        now=now - timedelta(days=2),
    )
    doc = services.submit_for_review(doc, actor=spec)
    doc = services.approve_step(doc, actor=head, comment="Đồng ý, trình Giám đốc")
    doc = services.approve_step(doc, actor=leader)
    services.issue(doc, actor=clerk)
    waiting = services.create_draft(
        author=spec,
        document_type=DocumentType.objects.get(abbreviation="BC"),
        subject="Báo cáo kết quả công tác tư pháp quý III năm 2026",
        attachment=_pdf("Dự thảo báo cáo", spec),
    )
    services.submit_for_review(waiting, actor=spec)


def _pdf(text, user, number_line=None, heading=None):
    """A one-page PDF with the Decree 30 header: the agency, the "Số:" line (blank in a draft, filled in at
    issue) and the place-and-date line, then ``text``."""
    from reportlab.pdfgen import canvas

    from egov.dossiers.forms_pdf.fonts import family

    agency = user.official.agency
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(family(), 12)
    page.drawString(60, 790, (heading or agency.name).upper()[:40])
    page.drawString(60, 765, number_line or f"Số:        /{agency.abbreviation}")
    if number_line is None:
        page.drawString(320, 765, "An Khánh, ngày     tháng     năm " + str(timezone.localdate().year))
    page.drawString(60, 720, text[:90])
    page.save()
    upload = SimpleUploadedFile("van-ban.pdf", buffer.getvalue(), content_type="application/pdf")
    return store_upload(upload, uploaded_by=user, agency=agency)
