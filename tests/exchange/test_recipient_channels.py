"""Issue 13 item 6: each recipient's channel is recorded (platform, edXML, e-mail, paper); "Lưu: VT, …" is its own
list (not a recipient, not a ToPlace, not in "Số lượng bản"); the fully-electronic indicator counts right, also
after ``egov reports rebuild`` and for rows written before (data migrations)."""

import importlib
import io

import pytest
from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook

from documents.factories import pdf_attachment
from egov.documents import services as documents
from egov.documents.models import Dispatch, OutgoingDocument
from egov.documents.registers import outgoing_rows
from egov.exchange import convert
from egov.reports import facts
from egov.reports.indicators import Period, compute

from .test_flow import run_events

pytestmark = pytest.mark.django_db

M = Dispatch.Method


def _draft(world, **recipients):
    a = world.a
    return documents.create_draft(
        author=a.spec1,
        document_type=world.letter,
        subject="Về việc phối hợp kiểm tra",
        attachment=pdf_attachment("Công văn", agency=a.agency, user=a.spec1),
        **recipients,
    )


def _issue(world, external, internal=(), archive=""):
    a = world.a
    doc = _draft(world, internal_recipients=list(internal), external_recipients=external, archive_copies=archive)
    doc = documents.submit_for_review(doc, actor=a.spec1)
    doc = documents.approve_step(doc, actor=a.head)
    doc = documents.approve_step(doc, actor=a.leader)
    return documents.issue(doc, actor=a.clerk)


def _methods(doc):
    return sorted(doc.dispatches.values_list("recipient_name", "method"))


def _electronic_share(day):
    facts.rebuild()
    return compute("documents.electronic_share", agency=None, period=Period(day, day))


def test_each_recipient_has_its_channel_and_the_archive_copies_are_not_recipients(world):
    b_line = f"{world.b.agency.code} - Sở Nội vụ"
    doc = _issue(
        world,
        f"{b_line}\nvanphong@botuphap.gov.vn\nBáo Văn Thư\nLưu: VT, KT.",
        internal=[world.c.agency],
    )
    assert _methods(doc) == [
        (b_line, M.EDXML),  # was "Gửi bản giấy"
        ("Báo Văn Thư", M.PAPER),
        ("Sở Tài chính", M.PLATFORM),
        ("vanphong@botuphap.gov.vn", M.EMAIL),
    ]
    assert doc.archive_copies == "VT, KT" and doc.archive_list == ["VT", "KT"]
    assert "Lưu" not in doc.external_recipients

    header = convert.document_message(doc, world.peer_b).header
    assert header.to_places == [b_line, "vanphong@botuphap.gov.vn", "Báo Văn Thư"]  # no "Lưu"

    [head, row] = list(outgoing_rows([doc]))
    register = dict(zip(head, row, strict=True))
    assert register["Số lượng bản"] == 4 and register["Đơn vị, người nhận bản lưu"] == "VT, KT"
    assert "Lưu" not in register["Nơi nhận văn bản"]


def test_a_document_sent_only_electronically_counts_as_electronic(world):
    doc = _issue(world, f"{world.b.agency.code} - Sở Nội vụ\nLưu: VT, KT", internal=[world.c.agency])
    run_events()
    day = timezone.localdate(doc.issued_at)
    value = _electronic_share(day)
    assert (value.numerator, value.denominator) == (1, 1)  # was 0 of 1: edXML and "Lưu" counted as paper

    paper = _issue(world, "Báo Văn Thư", internal=[world.c.agency])
    assert timezone.localdate(paper.issued_at) == day
    value = _electronic_share(day)
    assert (value.numerator, value.denominator) == (1, 2)


def test_the_recipients_page_keeps_the_archive_list_apart(world, client):
    a = world.a
    doc = _draft(world)
    client.force_login(a.spec1)
    url = f"/van-ban/di/{doc.pk}/noi-nhan/"
    response = client.post(url, {"external_recipients": "Bộ Tư pháp\n- Lưu: VT, HCTP.", "archive_copies": "KT"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.external_recipients, doc.archive_copies) == ("Bộ Tư pháp", "KT, VT, HCTP")
    page = client.get(f"/van-ban/di/{doc.pk}/").content.decode()
    assert "KT, VT, HCTP" in page


def test_rows_written_before_are_repaired_by_the_data_migrations(world):
    b_line = f"{world.b.agency.code} - Sở Nội vụ"
    doc = _issue(world, f"{b_line}\nBáo Văn Thư")
    run_events()  # the edXML message to Sở Nội vụ is queued and sent
    # as the old code wrote them: the "Lưu" line among the recipients, every external line on paper
    OutgoingDocument.objects.filter(pk=doc.pk).update(
        external_recipients=f"{b_line}\nBáo Văn Thư\nLưu: VT, KT", archive_copies=""
    )
    Dispatch.objects.filter(document=doc).update(method=M.PAPER)
    Dispatch.objects.create(document=doc, recipient_name="Lưu: VT, KT", method=M.PAPER, sent_at=doc.issued_at)

    importlib.import_module("egov.documents.migrations.0005_dispatch_channel_archive_copies").move_archive_lines(
        apps, None
    )
    importlib.import_module("egov.exchange.migrations.0002_dispatch_channel_edxml").mark_edxml_dispatches(apps, None)

    doc.refresh_from_db()
    assert (doc.external_recipients, doc.archive_copies) == (f"{b_line}\nBáo Văn Thư", "VT, KT")
    assert _methods(doc) == [(b_line, M.EDXML), ("Báo Văn Thư", M.PAPER)]
    day = timezone.localdate(doc.issued_at)
    assert _electronic_share(day).denominator == 1  # ``egov reports rebuild`` recomputes from the repaired rows


def test_the_register_xlsx_counts_only_recipients(world, client):
    doc = _issue(world, "Báo Văn Thư\nLưu: VT, KT", internal=[world.c.agency])
    client.force_login(world.a.clerk)
    response = client.get("/van-ban/so-van-ban-di.xlsx", {"nam": doc.document_date.year})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][6] == 2 and rows[1][5] == "VT, KT"
