"""Acceptance test of issue 13 item 1 in a real browser: the handler of an incoming document and the handler of an
issued one open the document's page and see its PDF in the page (an iframe whose file the browser loads: 200,
application/pdf, framable by our own pages) with a download link."""

import pytest

from browser_tools import in_thread
from documents.factories import DocumentWorld, pdf_attachment
from egov.documents import services
from egov.signatures import services as signatures

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Mat-khau-2026"  # tests/factories.py UserFactory


@pytest.fixture
def documents(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo CA and the signing keys live here

    def build():
        world = DocumentWorld()
        a = world.a
        signatures.issue_certificate(official=a.leader.official)
        signatures.issue_certificate(agency=a.agency)
        scan = pdf_attachment("Quyết định số 15 của Bộ Tư pháp", agency=a.agency, user=a.clerk)
        incoming = services.register_incoming(world.incoming_data(), clerk=a.clerk, attachments=[scan])
        incoming = services.present(incoming, actor=a.clerk)
        incoming = services.assign(incoming, actor=a.leader, lead_user=a.spec1, direction="Đề nghị tham mưu")
        draft = services.create_draft(
            author=a.spec1,
            document_type=world.decision,
            subject="Quyết định phê duyệt kế hoạch kiểm tra năm 2026",
            attachment=pdf_attachment("Dự thảo quyết định", agency=a.agency, user=a.spec1),
            internal_recipients=[world.b.agency],
        )
        draft = services.submit_for_review(draft, actor=a.spec1)
        draft = services.approve_step(draft, actor=a.head)
        draft = services.approve_step(draft, actor=a.leader)
        issued = services.issue(draft, actor=a.clerk)
        return world, incoming, issued

    return in_thread(build)


def sign_in(page, user):
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def see_the_pdf_in_the_page(page, path, attachment):
    """Open ``path``; the viewer's iframe shows ``attachment``, whose file the browser loaded as a PDF."""
    loaded = []
    page.on("response", lambda response: loaded.append(response) if "/tep/" in response.url else None)
    page.goto(path)
    frame = page.locator(".document-viewer iframe")
    frame.wait_for(state="attached")
    src = frame.get_attribute("src")
    assert src == attachment.get_view_url()
    page.wait_for_function(
        "src => performance.getEntriesByType('resource').some(e => e.name.endsWith(src))", arg=src, timeout=15_000
    )
    framed = [r for r in loaded if r.url.endswith(src)]
    assert framed, f"the browser did not load {src}"
    assert framed[0].status == 200
    assert framed[0].headers["content-type"] == "application/pdf"
    assert framed[0].headers.get("x-frame-options", "").upper() != "DENY"  # the browser may show it in the page
    direct = page.request.get(src)  # the same URL, with the handler's session
    assert direct.status == 200 and direct.headers["content-type"] == "application/pdf"
    assert direct.body().startswith(b"%PDF")
    download = page.locator(f'a[href="{attachment.get_absolute_url()}"][download]').first
    assert download.is_visible()


def test_handlers_see_the_pdf_of_an_incoming_and_an_issued_document_in_the_page(page, documents):
    world, incoming, issued = documents
    handler = world.a.spec1  # lead handler of the incoming document, drafter of the issued one

    sign_in(page, handler)
    [scan] = incoming.attachments.all()
    see_the_pdf_in_the_page(page, f"/van-ban/den/{incoming.pk}/", scan)
    assert page.get_by_text("Chưa ký số").first.is_visible()

    [signed] = issued.attachments.all()
    assert signed.original_name == "01-QĐ-STP.pdf"
    see_the_pdf_in_the_page(page, f"/van-ban/di/{issued.pk}/", signed)
    assert page.get_by_text("Đã ký số, chữ ký hợp lệ").first.is_visible()
