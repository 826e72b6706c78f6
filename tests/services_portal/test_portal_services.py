import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.accounts.models import User
from egov.dossiers import services as dossier_services
from egov.dossiers.models import Dossier
from egov.dossiers.transitions import Status
from egov.notifications.models import Message
from egov.services_portal import services
from egov.services_portal.models import ApplicationDraft, Rating

from .portal_factories import CitizenFactory, jpeg_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def _sent_code(recipient):
    return re.search(r"\b(\d{6})\b", Message.objects.filter(recipient=recipient).latest("id").body).group(1)


def _ready_draft(world, user=None):
    user = user or world.citizen
    draft = services.start_draft(user, world.procedure)
    services.save_draft_data(draft, data={"full_name": "Nguyễn Thị Hồng Nhung", "id_number": "001190012345"})
    services.attach_paper(draft, str(world.form.pk), [pdf_upload()], user=user)
    services.attach_paper(draft, str(world.id_card.pk), [jpeg_upload(), png_upload()], user=user)
    return draft


class TestAccounts:
    def test_register_by_phone_sends_sms_and_verifies(self):
        user = services.register_account(identifier="0912 345 678", password="Mat-khau-2026", full_name="An")
        assert user.kind == User.Kind.CITIZEN and not user.is_active and user.phone == "0912345678"
        code = _sent_code("0912345678")
        with pytest.raises(ValidationError):
            services.verify_account(user, "000000" if code != "000000" else "111111")
        services.verify_account(user, code)
        user.refresh_from_db()
        assert user.is_active and user.citizen_profile.is_verified

    def test_register_by_email_and_duplicate_refused(self):
        user = services.register_account(identifier="An@Example.vn", password="x", full_name="An", kind="business")
        assert user.email == "an@example.vn" and user.kind == User.Kind.BUSINESS
        assert Message.objects.filter(recipient="an@example.vn", channel=Message.Channel.EMAIL).exists()
        services.verify_account(user, _sent_code("an@example.vn"))
        with pytest.raises(ValidationError):
            services.register_account(identifier="an@example.vn", password="x", full_name="B")

    def test_bad_identifier_and_staff_kind_refused(self):
        with pytest.raises(ValidationError):
            services.register_account(identifier="abc", password="x", full_name="An")
        with pytest.raises(ValidationError):
            services.register_account(identifier="a@b.vn", password="x", full_name="An", kind=User.Kind.STAFF)

    def test_resends_are_limited_per_hour_and_keep_the_wrong_guesses(self):
        """Issue 14 item 6: 10 resends sent 11 SMS, each with 5 fresh guesses."""
        user = services.register_account(identifier="0987111222", password="x", full_name="An")
        wrong = "000000" if _sent_code("0987111222") != "000000" else "111111"
        for _ in range(2):
            with pytest.raises(ValidationError):
                services.verify_account(user, wrong)
        for _ in range(services.CODES_PER_HOUR - 1):
            services.send_verification_code(user)
        with pytest.raises(ValidationError, match="quá nhiều mã"):
            services.send_verification_code(user)
        assert Message.objects.filter(recipient="0987111222").count() == services.CODES_PER_HOUR
        for _ in range(services.MAX_CODE_ATTEMPTS - 2):  # only the guesses left from the first code
            with pytest.raises(ValidationError):
                services.verify_account(user, wrong)
        with pytest.raises(ValidationError):
            services.verify_account(user, _sent_code("0987111222"))
        with pytest.raises(ValidationError):  # signing up again is a resend too
            services.register_account(identifier="0987111222", password="y", full_name="An")

    def test_code_locked_after_attempts(self):
        user = services.register_account(identifier="0987654321", password="x", full_name="An")
        code = _sent_code("0987654321")
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(services.MAX_CODE_ATTEMPTS):
            with pytest.raises(ValidationError):
                services.verify_account(user, wrong)
        with pytest.raises(ValidationError):
            services.verify_account(user, code)


class TestSubmission:
    def test_submit_creates_a_new_online_dossier_at_the_provincial_centre(self, world):
        draft = _ready_draft(world)
        dossier = services.submit_draft(draft, user=world.citizen)
        assert dossier.status == Status.NEW and dossier.channel == "online"
        assert dossier.receiving_agency == world.centre and dossier.handling_agency == world.so
        assert dossier.applicant_user == world.citizen and dossier.applicant_id_number == "001190012345"
        papers = list(dossier.papers.select_related("attachment"))
        assert len(papers) == 2 and all(p.attachment.content_type == "application/pdf" for p in papers)

    def test_submitting_the_same_draft_twice_creates_one_dossier(self, world):
        draft = _ready_draft(world)
        first = services.submit_draft(draft, user=world.citizen)
        second = services.submit_draft(ApplicationDraft.objects.get(pk=draft.pk), user=world.citizen)
        assert first.pk == second.pk
        assert Dossier.objects.filter(applicant_user=world.citizen).count() == 1

    def test_missing_mandatory_paper_refused_and_draft_kept(self, world):
        draft = services.start_draft(world.citizen, world.procedure)
        services.save_draft_data(draft, data={"full_name": "An"})
        with pytest.raises(ValidationError):
            services.submit_draft(draft, user=world.citizen)
        draft.refresh_from_db()
        assert draft.dossier is None

    def test_submitted_draft_cannot_change(self, world):
        draft = _ready_draft(world)
        services.submit_draft(draft, user=world.citizen)
        with pytest.raises(ValidationError):
            services.save_draft_data(draft, data={})

    def test_commune_procedure_needs_a_commune_centre(self, world):
        draft = services.start_draft(world.citizen, world.commune_procedure)
        assert draft.receiving_agency == world.commune_centre  # the only one
        with pytest.raises(ValidationError):
            services.save_draft_data(draft, data={}, receiving_agency=world.centre)

    def test_staff_and_offline_procedures_refused(self, world):
        with pytest.raises(ValidationError):
            services.start_draft(world.officer, world.procedure)
        world.procedure.online_level = "none"
        world.procedure.save()
        with pytest.raises(ValidationError):
            services.start_draft(world.citizen, world.procedure)

    def test_non_image_refused_as_photo(self, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        draft = services.start_draft(world.citizen, world.procedure)
        with pytest.raises(ValidationError):
            services.attach_paper(draft, "other", [SimpleUploadedFile("a.jpg", b"hello")], user=world.citizen)


class TestTrackingAndRating:
    def test_lookup_needs_the_last_four_digits(self, world):
        dossier = world.receive()
        assert services.lookup_dossier(dossier.code, "2345") == dossier  # ID number 001190012345
        assert services.lookup_dossier(dossier.code, "5678") == dossier  # phone 0912345678
        assert services.lookup_dossier(dossier.code, "9999") is None
        assert services.lookup_dossier(dossier.code, "") is None
        assert services.lookup_dossier("NO-SUCH-CODE", "2345") is None

    def test_answer_supplement_resumes(self, world):
        dossier = services.submit_draft(_ready_draft(world), user=world.citizen)
        dossier_services.accept(dossier, actor=world.officer)
        dossier_services.request_supplement(dossier, actor=world.officer, reason="Thiếu ảnh chân dung")
        other = CitizenFactory()
        with pytest.raises(ValidationError):
            services.answer_supplement(dossier, user=other, files_by_paper={"Ảnh": [jpeg_upload()]})
        services.answer_supplement(dossier, user=world.citizen, files_by_paper={"Ảnh chân dung": [jpeg_upload()]})
        dossier.refresh_from_db()
        assert dossier.status == Status.RECEIVED
        assert dossier.papers.filter(is_supplement=True, name="Ảnh chân dung").exists()

    def test_rating_once_after_result(self, world):
        dossier = world.dossier(applicant_user=world.citizen, status=Status.IN_APPRAISAL)
        with pytest.raises(ValidationError):
            services.rate_dossier(dossier, user=world.citizen, score=5)
        dossier.status = Status.RETURNED
        dossier.save()
        with pytest.raises(ValidationError):
            services.rate_dossier(dossier, user=world.citizen, score=6)
        services.rate_dossier(dossier, user=world.citizen, score=4, comment="Nhanh")
        with pytest.raises(ValidationError):
            services.rate_dossier(dossier, user=world.citizen, score=5)
        assert Rating.objects.get(dossier=dossier).score == 4


def test_tracking_throttled_per_code(world):
    dossier = world.receive()
    for _ in range(5):
        assert services.track_dossier(dossier.code, "0000") is None
    with pytest.raises(ValidationError):
        services.track_dossier(dossier.code, "2345")  # even the right digits, for a while
    for _ in range(5):
        assert services.track_dossier("KHONG-CO", "0000") is None
    with pytest.raises(ValidationError):  # the same answer for a code that does not exist
        services.track_dossier("KHONG-CO", "0000")


def test_tracking_throttled_per_address(world, settings):
    settings.PORTAL_LOOKUP_MAX_FAILURES_PER_IP = 3
    dossier = world.receive()
    for n in range(3):  # a sweep: one guess on each of many codes
        assert services.track_dossier(f"MA-{n}", "0000", ip="203.0.113.7") is None
    with pytest.raises(ValidationError, match="địa chỉ mạng"):
        services.track_dossier(dossier.code, "2345", ip="203.0.113.7")
    # Another address (and the code itself) are not locked.
    assert services.track_dossier(dossier.code, "2345", ip="198.51.100.1") == dossier


def test_tracking_page_passes_the_client_address(client, world):
    dossier = world.receive()
    url = reverse("services_portal:track")
    for n in range(20):
        client.get(url, {"code": f"MA-{n}", "last_digits": "0000"}, REMOTE_ADDR="203.0.113.9")
    page = client.get(url, {"code": dossier.code, "last_digits": "2345"}, REMOTE_ADDR="203.0.113.9")
    assert "địa chỉ mạng" in page.content.decode()
    page = client.get(url, {"code": dossier.code, "last_digits": "2345"}, REMOTE_ADDR="203.0.113.10")
    assert dossier.code in page.content.decode()


def test_online_submission_acknowledged_by_email_and_sms(world):
    from egov.events.dispatcher import deliver_due

    world.citizen.email = "nhung@example.vn"
    world.citizen.save()
    draft = _ready_draft(world)
    services.save_draft_data(draft, data={**draft.data, "email": "nhung@example.vn", "phone": "0912345678"})
    dossier = services.submit_draft(draft, user=world.citizen)
    deliver_due()
    messages = Message.objects.filter(reason="dossier.submit_online")
    assert sorted(m.channel for m in messages) == ["email", "sms"]
    assert f"/dich-vu-cong/ho-so-cua-toi/{dossier.pk}/" in messages.get(channel="email").body


def test_demo_profiles_idempotent(db):
    from egov.services_portal.demo import load_demo

    user = CitizenFactory(username="congdan1")
    user.citizen_profile.delete()
    assert load_demo() == [] and load_demo() == []
    assert User.objects.get(pk=user.pk).citizen_profile.id_number == "099190000001"


def test_unverified_sign_up_can_start_again(db):
    first = services.register_account(identifier="0911111111", password="a", full_name="An")
    again = services.register_account(identifier="0911111111", password="b", full_name="An Nguyễn")
    assert first.pk == again.pk and again.full_name == "An Nguyễn"
    services.verify_account(again, _sent_code("0911111111"))
    with pytest.raises(ValidationError):
        services.register_account(identifier="0911111111", password="c", full_name="Kẻ khác")
