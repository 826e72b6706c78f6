"""PDFs with active content (issue 14, item 11): flagged at upload, only ever downloaded, staff warned."""

import io

import pytest
from django.template import Context, Template
from pypdf import PdfWriter

from attachments.sample_files import pdf_bytes, upload
from egov.attachments.activecontent import active_content
from egov.attachments.services import store_upload
from factories import UserFactory

pytestmark = pytest.mark.django_db


def pdf_with(*, js: str | None = None, embedded: bool = False, launch: bool = False) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    if js:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(js))
    if embedded:
        writer.add_attachment("ghi-chu.txt", b"xin chao")
    if launch:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pdf_bytes(), ()),
        (pdf_with(js="app.alert('x')"), ("JavaScript",)),
        (pdf_with(embedded=True), ("EmbeddedFile",)),
        (pdf_with(launch=True), ("Launch",)),
        # names written with #xx escapes (``/J#61vaScript``) are still names
        (pdf_bytes().replace(b"%%EOF", b"1 0 obj << /S /J#61vaScript /J#53 (x) >> endobj\n%%EOF"), ("JavaScript",)),
    ],
    ids=["plain", "javascript", "embedded-file", "launch", "escaped-name"],
)
def test_active_content_is_detected(data, expected):
    assert active_content(io.BytesIO(data)) == expected


def test_a_pdf_with_javascript_is_flagged_and_only_ever_downloaded(client):
    citizen = UserFactory()
    attachment = store_upload(upload("to-khai.pdf", pdf_with(js="app.alert('x')")), uploaded_by=citizen)
    assert attachment.active_content == "JavaScript" and attachment.has_active_content
    client.force_login(citizen)
    response = client.get(attachment.get_view_url())  # asks to view it in the page
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    b"".join(response.streaming_content)


def test_a_plain_pdf_is_not_flagged_and_may_be_viewed(client):
    citizen = UserFactory()
    attachment = store_upload(upload("to-khai.pdf", pdf_bytes()), uploaded_by=citizen)
    assert attachment.active_content == ""
    client.force_login(citizen)
    response = client.get(attachment.get_view_url())
    assert response["Content-Disposition"].startswith("inline;")
    b"".join(response.streaming_content)


def test_staff_see_a_warning_next_to_a_flagged_file():
    template = Template("{% load attachments %}{% file_link a %}")
    flagged = store_upload(upload("co-ma.pdf", pdf_with(js="app.alert(1)")))
    plain = store_upload(upload("thuong.pdf", pdf_bytes()))
    html = template.render(Context({"a": flagged}))
    assert "Cảnh báo" in html and flagged.get_absolute_url() in html and "?xem=1" not in html
    html = template.render(Context({"a": plain}))
    assert "Cảnh báo" not in html and plain.get_view_url() in html
