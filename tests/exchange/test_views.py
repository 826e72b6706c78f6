"""The staff page /lien-thong/ and the recipients panel on the outgoing document page."""

import pytest
from django.urls import reverse

from egov.exchange.models import ExchangeMessage, RecipientStatus
from egov.exchange.transitions import MessageState

from .conftest import Loopback, run_events
from .test_flow import issue_to_b

pytestmark = pytest.mark.django_db


def test_failed_messages_show_and_can_be_retried(world, client, settings, django_assert_max_num_queries):
    settings.EXCHANGE_MAX_ATTEMPTS = 1
    Loopback.fail = True
    doc = issue_to_b(world)
    run_events()
    message = ExchangeMessage.objects.get(outgoing=doc)
    assert message.state == MessageState.FAILED

    client.force_login(world.a.clerk)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("exchange:messages"))
    html = page.content.decode()
    assert page.status_code == 200 and "Gửi không thành công" in html and "không trả lời" in html
    assert reverse("exchange:retry", args=[message.pk]) in html

    Loopback.fail = False
    response = client.post(reverse("exchange:retry", args=[message.pk]))
    assert response.status_code == 302
    run_events()
    message.refresh_from_db()
    assert message.state == MessageState.SENT


def test_the_page_is_scoped_and_needs_a_role(world, client):
    issue_to_b(world)
    run_events()
    client.force_login(world.c.clerk)
    html = client.get(reverse("exchange:messages")).content.decode()
    assert "Chưa có thông điệp" in html
    client.force_login(world.a.spec1)
    assert client.get(reverse("exchange:messages")).status_code == 403
    client.force_login(world.b.clerk)
    html = client.get(reverse("exchange:messages") + "?chieu=in").content.decode()
    assert "Nhận về" in html and "Gửi đi" in html  # the filter options, and B's received rows


def test_many_messages_keep_the_query_count(world, client, django_assert_max_num_queries):
    for _ in range(3):
        issue_to_b(world)
    run_events()
    client.force_login(world.a.clerk)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("exchange:messages")).status_code == 200


def test_recipients_panel_renders_the_statuses(world, rf):
    from egov.exchange.views import recipients_panel

    doc = issue_to_b(world)
    run_events()
    assert recipients_panel(doc, None)["recipient_statuses"][0].codes == ["01"]
    from django.template.loader import render_to_string

    html = render_to_string(
        "exchange/_recipients_panel.html", {"object": doc, **recipients_panel(doc, None)}, request=rf.get("/")
    )
    assert "Tình trạng tại nơi nhận" in html and world.b.agency.code in html and "Đã đến" in html
    assert recipients_panel(issue_to_b(world, external_recipients="Báo Văn Thư"), None) is None
    assert RecipientStatus.objects.count() == 1


def test_the_outgoing_document_page_shows_each_recipient_status(world, client):
    doc = issue_to_b(world)
    run_events()
    client.force_login(world.a.clerk)
    html = client.get(reverse("documents:outgoing-detail", args=[doc.pk])).content.decode()
    assert "Tình trạng tại nơi nhận (liên thông)" in html and "Đã đến" in html
