"""Staff inbox (scoped, overdue flagged, bounded queries) and the actions page."""

from django.urls import reverse
from django.utils import timezone

from egov.feedback import services
from egov.feedback.transitions import Status

from .conftest import answered


def test_inbox_is_scoped_and_flags_overdue(client, world, make_item):
    late = make_item(agency=world.a, now=timezone.now() - timezone.timedelta(days=40))
    fresh = make_item(agency=world.a)
    elsewhere = make_item(agency=world.b)
    client.force_login(world.clerk_a)
    html = client.get(reverse("feedback:staff-inbox")).content.decode()
    assert late.code in html and fresh.code in html and elsewhere.code not in html
    assert html.count("fb-overdue") == 1
    only_late = client.get(reverse("feedback:staff-inbox"), {"overdue": "on"}).content.decode()
    assert late.code in only_late and fresh.code not in only_late


def test_inbox_query_count_does_not_grow(client, world, make_item, django_assert_max_num_queries):
    for _ in range(15):
        make_item(agency=world.a)
    client.force_login(world.clerk_a)
    client.get(reverse("feedback:staff-inbox"))  # warm the session
    with django_assert_max_num_queries(10):
        response = client.get(reverse("feedback:staff-inbox"))
    assert response.status_code == 200


def test_detail_offers_actions_from_the_table(client, world, make_item):
    item = make_item()
    client.force_login(world.intake)
    html = client.get(reverse("feedback:staff-detail", args=[item.pk])).content.decode()
    assert reverse("feedback:staff-act", args=[item.pk, "route"]) in html
    assert reverse("feedback:staff-act", args=[item.pk, "approve"]) not in html


def test_route_answer_approve_publish_through_the_pages(client, world, make_item):
    item = make_item()
    client.force_login(world.intake)
    client.post(reverse("feedback:staff-act", args=[item.pk, "route"]), {"route-agency": world.a.pk})
    item.refresh_from_db()
    assert item.status == Status.ROUTED and item.agency == world.a
    client.force_login(world.clerk_a)
    client.post(reverse("feedback:staff-act", args=[item.pk, "answer"]), {"text": "Trả lời thử"})
    client.force_login(world.leader_a)
    client.post(reverse("feedback:staff-act", args=[item.pk, "approve"]), {"text": ""})
    client.post(reverse("feedback:staff-act", args=[item.pk, "publish"]))
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.answer == "Trả lời thử"


def test_reject_through_the_page_needs_a_note(client, world, make_item):
    item = make_item()
    client.force_login(world.intake)
    client.post(reverse("feedback:staff-act", args=[item.pk, "reject"]), {"reject-reason": "spam"})
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    client.post(
        reverse("feedback:staff-act", args=[item.pk, "reject"]), {"reject-reason": "spam", "reject-note": "Quảng cáo"}
    )
    item.refresh_from_db()
    assert item.status == Status.REJECTED


def test_other_agency_gets_404(client, world, make_item):
    item = answered(make_item(), world)
    client.force_login(world.clerk_b)
    assert client.get(reverse("feedback:staff-detail", args=[item.pk])).status_code == 404


def png_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


def test_attachment_follows_the_item_when_rerouted(client, world):
    from egov.feedback.models import Submission

    from .test_public import form_data

    response = client.post(reverse("feedback:ask"), {**form_data(agency=world.a.pk), "attachment": png_upload()})
    assert response.status_code == 302
    item = Submission.objects.get()
    assert item.attachment.content_type == "image/png"
    item = services.route(item, actor=world.clerk_a, agency=world.b)
    client.force_login(world.clerk_b)
    assert client.get(reverse("feedback:staff-attachment", args=[item.pk])).status_code == 200
    client.force_login(world.clerk_a)
    assert client.get(reverse("feedback:staff-attachment", args=[item.pk])).status_code == 404


def test_detail_pages_render_in_every_state(client, world, make_item):
    item = services.route(make_item(), actor=world.intake, agency=world.a)
    client.force_login(world.leader_a)
    url = reverse("feedback:staff-detail", args=[item.pk])
    assert reverse("feedback:staff-act", args=[item.pk, "reroute"]) in client.get(url).content.decode()
    services.answer(item, actor=world.clerk_a, text="Dự thảo")
    html = client.get(url).content.decode()
    assert reverse("feedback:staff-act", args=[item.pk, "approve"]) in html
    assert reverse("feedback:staff-act", args=[item.pk, "send_back"]) in html
    services.approve(item, actor=world.leader_a)
    assert reverse("feedback:staff-act", args=[item.pk, "publish"]) in client.get(url).content.decode()


def test_routing_keeps_the_officers_note(client, world, make_item):
    item = make_item()
    client.force_login(world.intake)
    client.post(
        reverse("feedback:staff-act", args=[item.pk, "route"]),
        {"route-agency": world.a.pk, "route-note": "Thuộc thẩm quyền Sở Tư pháp, đề nghị trả lời trong tuần."},
    )
    step = item.steps.get(action="route")
    assert step.note == "Thuộc thẩm quyền Sở Tư pháp, đề nghị trả lời trong tuần."


def test_the_routing_list_names_each_units_parent(world):
    from egov.feedback.forms import RouteForm
    from factories import DepartmentFactory

    DepartmentFactory(parent=world.b, name="Văn phòng Sở")
    DepartmentFactory(parent=world.a, name="Văn phòng Sở")
    labels = [label for _value, label in RouteForm().fields["agency"].choices]
    offices = [label for label in labels if label.startswith("Văn phòng Sở")]
    assert sorted(offices) == ["Văn phòng Sở — Sở Tư pháp", "Văn phòng Sở — Sở Xây dựng"]
