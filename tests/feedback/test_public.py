"""Public pages: the submission form with its abuse protection, tracking, rating, published lists."""

import pytest
from django.urls import reverse

from egov.feedback import services
from egov.feedback.models import Kind, Submission

from .conftest import aged_token, answered


def form_data(**overrides):
    data = {
        "name": "Trần Thị Bình",
        "email": "binh@example.vn",
        "phone": "",
        "agency": "",
        "sector": "",
        "topic": "Hộ tịch",
        "title": "Hỏi về thủ tục khai sinh",
        "content": "Tôi muốn hỏi thủ tục khai sinh cho con.",
        "website": "",
        "form_started": aged_token(),
    }
    data.update(overrides)
    return data


def test_form_renders_with_honeypot_and_token(client, world):
    response = client.get(reverse("feedback:ask"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="website"' in html and 'aria-hidden="true"' in html and 'name="form_started"' in html


def test_submit_creates_item_and_redirects_to_tracking(client, world):
    response = client.post(reverse("feedback:ask"), form_data())
    item = Submission.objects.get()
    assert response.status_code == 302 and item.code in response["Location"]
    assert item.kind == Kind.QUESTION and item.ip_hash and item.contact_key == "binh@example.vn"
    page = client.get(response["Location"])
    assert item.code in page.content.decode()


def test_honeypot_filled_is_refused(client, world):
    response = client.post(reverse("feedback:ask"), form_data(website="http://spam.example"))
    assert response.status_code == 400 and not Submission.objects.exists()


def test_form_sent_too_fast_is_refused(client, world, settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 5
    response = client.post(reverse("feedback:ask"), form_data(form_started=aged_token(1)))
    assert response.status_code == 400 and not Submission.objects.exists()
    assert "quá nhanh" in response.content.decode()


def test_forged_token_is_refused(client, world):
    response = client.post(reverse("feedback:ask"), form_data(form_started="123:forged"))
    assert response.status_code == 400 and not Submission.objects.exists()


def test_rate_limit_per_ip(client, world, settings):
    settings.FEEDBACK_RATE_LIMIT_IP = 2
    settings.FEEDBACK_RATE_LIMIT_CONTACT = 10
    for n in range(2):
        assert client.post(reverse("feedback:ask"), form_data(email=f"a{n}@example.vn")).status_code == 302
    response = client.post(reverse("feedback:ask"), form_data(email="a9@example.vn"))
    assert response.status_code == 400 and "quá nhiều lần" in response.content.decode()
    assert Submission.objects.count() == 2


def test_rate_limit_per_contact(client, world, settings, make_item):
    settings.FEEDBACK_RATE_LIMIT_CONTACT = 2
    make_item(email="", phone="0912 345 678")
    make_item(email="", phone="+84912345678")
    with pytest.raises(services.FeedbackError):
        make_item(email="", phone="0912345678")


def test_contact_required(client, world):
    response = client.post(reverse("feedback:ask"), form_data(email="", phone=""))
    assert response.status_code == 400
    assert "thư điện tử hoặc số điện thoại" in response.content.decode()


def test_published_item_hides_personal_data(client, world, make_item):
    item = make_item(name="Lê Thị Hoa", email="hoa.le@example.vn", phone="0987654321")
    item = services.publish_answer(answered(item, world), actor=world.leader_a)
    for url in (reverse("feedback:questions"), reverse("feedback:question", args=[item.pk])):
        html = client.get(url).content.decode()
        assert item.title in html
        assert "Lê Thị Hoa" not in html and "hoa.le@example.vn" not in html and "0987654321" not in html
        assert "L*** T*** H***" in html
    assert "Trả lời: cần tờ khai" in client.get(reverse("feedback:question", args=[item.pk])).content.decode()


def test_unpublished_item_is_not_public(client, world, make_item):
    item = answered(make_item(), world)
    assert client.get(reverse("feedback:question", args=[item.pk])).status_code == 404
    assert item.title not in client.get(reverse("feedback:questions")).content.decode()


def test_public_search_is_diacritic_insensitive(client, world, make_item):
    item = services.publish_answer(answered(make_item(title="Hòa giải ở cơ sở"), world), actor=world.leader_a)
    other = services.publish_answer(answered(make_item(title="Cấp phép xây dựng"), world), actor=world.leader_a)
    html = client.get(reverse("feedback:questions"), {"q": "hoa giai"}).content.decode()
    assert item.title in html and other.title not in html


def test_public_search_never_matches_personal_data(client, world, make_item):
    services.publish_answer(answered(make_item(name="Phùng Xuân Độc"), world), actor=world.leader_a)
    html = client.get(reverse("feedback:questions"), {"q": "Phùng Xuân Độc"}).content.decode()
    assert "Chưa có nội dung" in html


def test_public_list_query_count_is_constant(client, world, make_item, django_assert_max_num_queries):
    for _ in range(12):
        services.publish_answer(answered(make_item(), world), actor=world.leader_a)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("feedback:questions"))
    assert response.status_code == 200


def test_rating_page(client, world, make_item):
    item = answered(make_item(), world)
    url = reverse("feedback:rate", args=[services.rating_token(item)])
    assert client.get(url).status_code == 200
    response = client.post(url, {"rating": "satisfied", "comment": "Tốt"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.rating == "satisfied"
    assert client.get(reverse("feedback:rate", args=["bad-token"])).status_code == 404


def test_tracking_unknown_code(client, world):
    response = client.get(reverse("feedback:track"), {"ma": "HD-000000-XXXXX"})
    assert "Không tìm thấy" in response.content.decode()
