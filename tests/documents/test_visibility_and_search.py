"""Who sees and finds documents: agency scoping, secrecy clearance, diacritic-insensitive full-text search."""

import pytest

from egov.accounts.models import User
from egov.documents import services
from egov.documents.models import IncomingDocument, OutgoingDocument, Secrecy
from egov.documents.textextract import extract_text

from .factories import docx_attachment, pdf_attachment
from .test_outgoing import draft

pytestmark = pytest.mark.django_db

QUERY = "quyet dinh phe duyet quy hoach"


def register(world, *, attachments=(), **overrides):
    return services.register_incoming(world.incoming_data(**overrides), clerk=world.a.clerk, attachments=attachments)


def test_search_ignores_diacritics_and_reads_text_only_inside_an_attached_pdf(world):
    pdf = pdf_attachment("Quyết định phê duyệt quy hoạch tỉnh Văn Thư thời kỳ 2021-2030", agency=world.a.agency)
    found = register(world, subject="Về việc triển khai nhiệm vụ năm 2026", attachments=[pdf])
    register(world, notation="16/QĐ-BTP", subject="Quyết định phê duyệt danh sách cán bộ")
    assert "quy hoach" not in found.subject
    visible = IncomingDocument.objects.for_user(world.a.leader)
    assert list(visible.search(QUERY)) == [found]
    assert list(visible.search("Quyết định phê duyệt QUY HOẠCH")) == [found]
    assert not IncomingDocument.objects.for_user(world.b.leader).search(QUERY).exists()


def test_search_covers_metadata_and_docx_drafts(world):
    doc = register(world, subject="Kế hoạch bồi dưỡng công chức")
    assert list(IncomingDocument.objects.search("ke hoach boi duong 15/qd-btp")) == [doc]
    docx = docx_attachment("Phương án sắp xếp đơn vị hành chính cấp xã", agency=world.a.agency)
    assert "sắp xếp đơn vị" in extract_text(docx)
    outgoing = services.create_draft(
        author=world.a.spec1, document_type=world.letter, subject="Về việc góp ý", attachment=docx
    )
    assert list(OutgoingDocument.objects.for_user(world.a.spec1).search("gop y")) == [outgoing]


def test_users_of_another_agency_cannot_see_documents(world):
    incoming = register(world)
    outgoing = draft(world)
    for user in (world.b.clerk, world.b.leader, world.b.spec1):
        assert not IncomingDocument.objects.for_user(user).filter(pk=incoming.pk).exists()
        assert not OutgoingDocument.objects.for_user(user).filter(pk=outgoing.pk).exists()
    with pytest.raises(services.DocumentError, match="quyền"):
        services.assign(incoming, actor=world.b.leader, lead_unit=world.a.dept)


def test_a_specialist_sees_what_is_assigned_to_the_unit_not_the_whole_agency(world):
    a = world.a
    doc = register(world)
    assert not IncomingDocument.objects.for_user(a.spec1).filter(pk=doc.pk).exists()
    services.assign(doc, actor=a.leader, lead_unit=a.dept)
    assert IncomingDocument.objects.for_user(a.spec1).filter(pk=doc.pk).exists()


def test_secret_documents_are_hidden_without_clearance(world):
    a = world.a
    world.clear(a.clerk, Secrecy.TOP_SECRET)
    secret = register(world, secrecy=Secrecy.SECRET, subject="Kế hoạch bảo vệ bí mật nhà nước")
    top_secret = register(world, notation="2/KH-BTP", secrecy=Secrecy.TOP_SECRET, subject="Phương án tác chiến")
    assert set(IncomingDocument.objects.for_user(a.clerk)) == {secret, top_secret}
    assert not IncomingDocument.objects.for_user(a.leader).exists()
    assert not IncomingDocument.objects.for_user(a.leader).search("bi mat").exists()
    world.clear(a.leader, Secrecy.SECRET)
    leader = User.objects.get(pk=a.leader.pk)  # the clearance is read once per user object (per request)
    assert list(IncomingDocument.objects.for_user(leader)) == [secret]
    with pytest.raises(services.DocumentError, match="quyền"):
        services.assign(top_secret, actor=leader, lead_unit=a.dept)


def test_uncleared_users_cannot_register_or_draft_secret_documents(world):
    with pytest.raises(services.DocumentError, match="độ mật"):
        register(world, secrecy=Secrecy.SECRET)
    with pytest.raises(services.DocumentError, match="độ mật"):
        draft(world, secrecy=Secrecy.SECRET)


def test_search_page_filters_and_stays_scoped(world, client):
    from django.urls import reverse

    pdf = pdf_attachment("Quyết định phê duyệt quy hoạch tỉnh Văn Thư", agency=world.a.agency)
    found = register(world, subject="Về việc triển khai nhiệm vụ", attachments=[pdf])
    other = register(world, notation="9/TB-BTP", document_type=world.letter, subject="Thông báo lịch họp")
    url = reverse("documents:search")
    client.force_login(world.a.clerk)
    assert client.get(url).status_code == 200
    page = client.get(url, {"direction": "incoming", "q": QUERY}).content.decode()
    assert found.notation in page and other.notation not in page
    page = client.get(url, {"direction": "incoming", "document_type": world.letter.pk}).content.decode()
    assert other.notation in page and found.notation not in page
    page = client.get(url, {"direction": "incoming", "date_from": "2026-03-03"}).content.decode()
    assert "Không tìm thấy văn bản nào" in page
    client.force_login(world.b.clerk)
    assert "Không tìm thấy văn bản nào" in client.get(url, {"direction": "incoming", "q": QUERY}).content.decode()
