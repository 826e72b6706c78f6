import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.accounts.models import User
from egov.attachments.services import store_upload
from egov.dossiers import services as dossier_services
from egov.dossiers.models import Dossier, DossierResult
from egov.dossiers.transitions import Status
from egov.notifications.models import Message
from egov.services_portal.models import ApplicationDraft, Rating

from .portal_factories import CitizenFactory, ProcedureFactory, jpeg_upload, pdf_upload

pytestmark = pytest.mark.django_db


class TestCatalogue:
    def test_search_ignores_diacritics(self, client, world):
        ProcedureFactory(onestop=True, name="Cấp giấy phép xây dựng nhà ở riêng lẻ", sector=world.sector)
        ProcedureFactory(onestop=True, name="Công nhận hòa giải viên", sector=world.sector)
        response = client.get(reverse("services_portal:catalogue"), {"q": "giay phep xay dung"})
        assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in response.text
        assert "hòa giải" not in response.text
        response = client.get(reverse("services_portal:catalogue"), {"q": "hoà giải"})
        assert "Công nhận hòa giải viên" in response.text

    def test_filters_by_level_and_agency(self, client, world):
        url = reverse("services_portal:catalogue")
        assert "Đăng ký khai sinh" not in client.get(url, {"level": "province"}).text
        assert "Đăng ký khai sinh" in client.get(url, {"agency": world.ubnd_xa.pk}).text
        assert "Cấp Phiếu lý lịch" not in client.get(url, {"agency": world.ubnd_xa.pk}).text

    def test_bounded_queries_and_pagination(self, client, world):
        for _ in range(25):
            ProcedureFactory(onestop=True, sector=world.sector, agencies=[world.so])
        url = reverse("services_portal:catalogue")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"sector": world.sector.pk})
        assert response.status_code == 200 and len(ctx.captured_queries) <= 8
        assert 'rel="next"' in response.text
        assert client.get(url, {"sector": world.sector.pk, "page": 2}).status_code == 200

    def test_procedure_page_publishes_what_decree_42_asks(self, client, world):
        world.form.template = store_upload(pdf_upload("to-khai.pdf"))
        world.form.save()
        world.procedure.legal_basis = "Luật Lý lịch tư pháp 2009"
        world.procedure.save()
        response = client.get(reverse("services_portal:procedure", args=[world.procedure.pk]))
        text = response.text
        for expected in (
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
            "200.000",
            "Luật Lý lịch tư pháp 2009",
            "Toàn trình",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Nộp hồ sơ trực tuyến",
        ):
            assert expected in text
        assert reverse("procedures:form-template", args=[world.form.pk]) in text

    def test_procedure_page_bounded_queries(self, client, world):
        url = reverse("services_portal:procedure", args=[world.procedure.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert len(ctx.captured_queries) <= 8

    def test_no_online_button_when_not_online(self, client, world):
        world.procedure.online_level = "none"
        world.procedure.save()
        response = client.get(reverse("services_portal:procedure", args=[world.procedure.pk]))
        assert "Nộp hồ sơ trực tuyến" not in response.text


class TestAccountPages:
    def test_register_verify_profile(self, client, db):
        response = client.post(
            reverse("services_portal:register"),
            {
                "identifier": "an@example.vn",
                "full_name": "Trần An",
                "kind": "citizen",
                "password1": "Mat-khau-2026!",
                "password2": "Mat-khau-2026!",
            },
        )
        assert response.status_code == 302
        user = User.objects.get(username="an@example.vn")
        assert not user.is_active
        code = re.search(r"\b(\d{6})\b", Message.objects.get(recipient="an@example.vn").body).group(1)
        response = client.post(reverse("services_portal:verify"), {"code": code})
        assert response.url == reverse("services_portal:profile")
        response = client.post(
            reverse("services_portal:profile"),
            {
                "full_name": "Trần Văn An",
                "id_number": "001190099999",
                "date_of_birth": "1990-01-02",
                "address": "Hòa Bình",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.is_active and user.full_name == "Trần Văn An"
        assert user.citizen_profile.id_number == "001190099999"

    def test_sign_ups_are_limited_per_address_per_hour(self, client, db, settings):
        """Issue 14 item 6: one address could sign up any number of phone numbers, one SMS each."""
        settings.PORTAL_CODES_PER_IP_PER_HOUR = 3

        def sign_up(phone, address="203.0.113.7"):
            data = {"identifier": phone, "full_name": "An", "kind": "citizen"}
            data |= {"password1": "Mat-khau-2026!", "password2": "Mat-khau-2026!"}
            return client.post(reverse("services_portal:register"), data, REMOTE_ADDR=address)

        for n in range(3):
            assert sign_up(f"098711100{n}").status_code == 302
        refused = sign_up("0987111009")
        assert refused.status_code == 200
        assert "Đã gửi quá nhiều mã xác minh từ địa chỉ mạng này" in refused.text
        assert Message.objects.count() == 3
        assert not User.objects.filter(username="0987111009").exists()
        assert sign_up("0987111009", address="198.51.100.2").status_code == 302  # another address is served
        resent = client.post(reverse("services_portal:resend-code"), REMOTE_ADDR="203.0.113.7", follow=True)
        assert "Đã gửi quá nhiều mã xác minh từ địa chỉ mạng này" in resent.text  # resends count too
        assert Message.objects.count() == 4

    def test_password_mismatch(self, client, db):
        response = client.post(
            reverse("services_portal:register"),
            {
                "identifier": "an@example.vn",
                "full_name": "An",
                "kind": "citizen",
                "password1": "Mat-khau-2026!",
                "password2": "other",
            },
        )
        assert response.status_code == 200 and "không khớp" in response.text

    def test_staff_cannot_use_applicant_pages(self, client, world):
        client.force_login(world.officer)
        assert client.get(reverse("services_portal:my-dossiers")).status_code == 403


class TestApplication:
    def test_whole_flow_without_javascript_and_double_submit(self, citizen_client, world):
        client = citizen_client
        response = client.get(reverse("services_portal:apply", args=[world.procedure.pk]))
        draft = ApplicationDraft.objects.get(user=world.citizen)
        assert response.url == reverse("services_portal:draft-fields", args=[draft.pk])
        page = client.get(response.url)
        assert 'value="001190012345"' in page.text  # prefilled from the profile
        response = client.post(
            response.url,
            {
                "full_name": "Nguyễn Thị Hồng Nhung",
                "id_number": "001190012345",
                "address": "Số 1 đường Lê Lợi",
                "request": "Cấp 1 phiếu",
            },
        )
        assert response.url == reverse("services_portal:draft-papers", args=[draft.pk])
        papers_url = response.url
        client.post(papers_url, {"paper": world.form.pk, "files": [pdf_upload()]})
        client.post(papers_url, {"paper": world.id_card.pk, "files": [jpeg_upload(), jpeg_upload("b.jpg")]})
        review = client.get(reverse("services_portal:draft-review", args=[draft.pk]))
        assert "Cấp 1 phiếu" in review.text
        submit_url = reverse("services_portal:draft-submit", args=[draft.pk])
        first = client.post(submit_url)
        second = client.post(submit_url)
        dossier = Dossier.objects.get(applicant_user=world.citizen)
        assert first.url == second.url == reverse("services_portal:my-dossier", args=[dossier.pk])
        assert dossier.application_data["request"] == "Cấp 1 phiếu"
        mine = client.get(first.url).text  # the code is given at submission, not "Chưa cấp"
        assert dossier.code and dossier.code in mine and "Chưa cấp" not in mine
        # back button to the fields step lands on the dossier, not on a new draft
        assert client.get(reverse("services_portal:draft-fields", args=[draft.pk])).url == first.url

    def test_the_papers_step_shows_the_file_a_preview_and_removes_it(self, citizen_client, world):
        """Issue 13 (minor): the step showed only "Đã có"."""
        client = citizen_client
        client.get(reverse("services_portal:apply", args=[world.procedure.pk]))
        draft = ApplicationDraft.objects.get(user=world.citizen)
        papers_url = reverse("services_portal:draft-papers", args=[draft.pk])
        client.post(papers_url, {"paper": world.form.pk, "files": [pdf_upload("to-khai-cua-toi.pdf")]})
        page = client.get(papers_url).text
        preview = reverse("services_portal:draft-paper-file", args=[draft.pk, str(world.form.pk)])
        assert "to-khai-cua-toi.pdf" in page and f'href="{preview}"' in page and "Gỡ bỏ" in page
        shown = client.get(preview)
        assert shown.status_code == 200 and shown["Content-Type"] == "application/pdf"
        assert not shown["Content-Disposition"].startswith("attachment")
        client.post(papers_url, {"paper": world.form.pk, "remove": "1"})
        draft.refresh_from_db()
        assert str(world.form.pk) not in draft.papers
        assert client.get(preview).status_code == 404
        assert "to-khai-cua-toi.pdf" not in client.get(papers_url).text

    def test_schema_fields_and_required(self, citizen_client, world):
        world.procedure.application_schema = {
            "type": "object",
            "required": ["purpose"],
            "properties": {
                "purpose": {"type": "string", "title": "Mục đích", "enum": ["Xin việc", "Du học"]},
                "copies": {"type": "integer", "title": "Số bản", "minimum": 1},
                "urgent": {"type": "boolean", "title": "Cần gấp"},
            },
        }
        world.procedure.save()
        client = citizen_client
        fields_url = client.get(reverse("services_portal:apply", args=[world.procedure.pk])).url
        response = client.post(fields_url, {"copies": "0"})
        assert response.status_code == 200 and "Mục đích" in response.text
        response = client.post(fields_url, {"purpose": "Du học", "copies": "2", "urgent": "on"})
        assert response.status_code == 302
        assert ApplicationDraft.objects.get().data == {"purpose": "Du học", "copies": 2, "urgent": True}

    def test_online_id_number_and_phone_are_checked(self, citizen_client, world):
        """Issue 13 (minor): "12345", "09xx" passed online."""
        world.procedure.application_schema = {
            "type": "object",
            "properties": {
                "id_number": {"type": "string", "title": "Số định danh"},
                "phone": {"type": "string", "title": "Điện thoại"},
            },
        }
        world.procedure.save()
        client = citizen_client
        fields_url = client.get(reverse("services_portal:apply", args=[world.procedure.pk])).url
        response = client.post(fields_url, {"id_number": "12345", "phone": "09xx"})
        assert response.status_code == 200
        assert (
            "Số định danh “12345” không hợp lệ" in response.text
            and "Số điện thoại “09xx” không hợp lệ" in response.text
        )
        response = client.post(fields_url, {"id_number": "001190012345", "phone": "0912 345 678"})
        assert response.status_code == 302
        profile = client.post(
            reverse("services_portal:profile"),
            {"full_name": "Nguyễn Thị Hồng Nhung", "id_number": "abc", "address": ""},
        )
        assert "Số định danh “abc” không hợp lệ" in profile.text

    def test_commune_procedure_offers_the_commune_centre(self, citizen_client, world):
        fields_url = citizen_client.get(reverse("services_portal:apply", args=[world.commune_procedure.pk])).url
        assert "Trung tâm Phục vụ hành chính công xã Hòa Bình" in citizen_client.get(fields_url).text

    def test_bad_upload_gives_a_vietnamese_error(self, citizen_client, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fields_url = citizen_client.get(reverse("services_portal:apply", args=[world.procedure.pk])).url
        papers_url = fields_url.replace("thong-tin", "giay-to")
        response = citizen_client.post(
            papers_url, {"paper": world.form.pk, "files": [SimpleUploadedFile("a.jpg", b"not an image")]}, follow=True
        )
        assert 'class="alert' in response.text and ApplicationDraft.objects.get().papers == {}
        response = citizen_client.post(
            reverse("services_portal:draft-submit", args=[ApplicationDraft.objects.get().pk])
        )
        assert not Dossier.objects.exists()  # mandatory papers missing: refused, the draft stays open

    def test_other_users_draft_is_hidden(self, client, world):
        draft = ApplicationDraft.objects.create(user=world.citizen, procedure=world.procedure)
        client.force_login(CitizenFactory())
        assert client.get(reverse("services_portal:draft-fields", args=[draft.pk])).status_code == 404

    def test_anonymous_sent_to_citizen_sign_in(self, client, world):
        response = client.get(reverse("services_portal:apply", args=[world.procedure.pk]))
        assert response.url.startswith(reverse("accounts:citizen-login"))


class TestTracking:
    def test_public_lookup_privacy(self, client, world):
        dossier = world.receive()
        url = reverse("services_portal:track")
        right = client.get(url, {"code": dossier.code, "last_digits": "2345"})
        assert "Nguyễn" not in right.text  # no name even then
        assert dossier.get_status_display() in right.text and "Trung tâm Phục vụ" in right.text
        wrong = client.get(url, {"code": dossier.code, "last_digits": "0000"})
        missing = client.get(url, {"code": "KHONG-CO", "last_digits": "0000"})
        assert dossier.procedure.name not in wrong.text
        neutral = "Không tìm thấy hồ sơ khớp"
        assert neutral in wrong.text and neutral in missing.text

    def test_lookup_locked_after_wrong_digits(self, client, world):
        dossier = world.receive()
        url = reverse("services_portal:track")
        for _ in range(5):
            client.get(url, {"code": dossier.code, "last_digits": "0000"})
        response = client.get(url, {"code": dossier.code, "last_digits": "2345"})
        assert "quá nhiều lần" in response.text and dossier.procedure.name not in response.text

    def test_my_dossiers_timeline_and_supplement(self, citizen_client, world):
        dossier = world.receive()
        Dossier.objects.filter(pk=dossier.pk).update(applicant_user=world.citizen)
        dossier_services.request_supplement(dossier, actor=world.officer, reason="Thiếu bản sao sổ hộ khẩu")
        listing = citizen_client.get(reverse("services_portal:my-dossiers"))
        assert dossier.code in listing.text
        detail = citizen_client.get(reverse("services_portal:my-dossier", args=[dossier.pk]))
        assert "Thiếu bản sao sổ hộ khẩu" in detail.text and "Bổ sung hồ sơ" in detail.text
        response = citizen_client.post(
            reverse("services_portal:supplement", args=[dossier.pk]),
            {"name_0": "Sổ hộ khẩu", "files_0": [jpeg_upload()]},
        )
        assert response.status_code == 302
        dossier.refresh_from_db()
        assert dossier.status == Status.RECEIVED

    def test_other_citizens_dossier_hidden(self, client, world):
        dossier = world.dossier(applicant_user=world.citizen)
        client.force_login(CitizenFactory())
        assert client.get(reverse("services_portal:my-dossier", args=[dossier.pk])).status_code == 404


class TestResultAndRating:
    def test_download_result_and_rate(self, citizen_client, world):
        dossier = world.dossier(applicant_user=world.citizen, status=Status.RESULT_READY)
        result = DossierResult.objects.create(
            dossier=dossier,
            number=1,
            code=f"{dossier.code}-KQ1",
            title="Phiếu lý lịch tư pháp",
            attachment=store_upload(pdf_upload("kq.pdf")),
            issued_at=dossier.due_at,
        )
        detail = citizen_client.get(reverse("services_portal:my-dossier", args=[dossier.pk]))
        assert f"{dossier.code}-KQ1" in detail.text and "Đánh giá mức độ hài lòng" in detail.text
        download = citizen_client.get(reverse("services_portal:result", args=[dossier.pk, result.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
        rate_url = reverse("services_portal:rate", args=[dossier.pk])
        citizen_client.post(rate_url, {"score": "5", "comment": "Tốt"})
        citizen_client.post(rate_url, {"score": "1"})
        assert Rating.objects.get(dossier=dossier).score == 5

    def test_no_rating_before_result(self, citizen_client, world):
        dossier = world.dossier(applicant_user=world.citizen, status=Status.IN_APPRAISAL)
        citizen_client.post(reverse("services_portal:rate", args=[dossier.pk]), {"score": "5"})
        assert not Rating.objects.exists()


class TestPayment:
    def test_pay_button_hands_over_to_the_payments_app(self, citizen_client, world, settings):
        settings.PAYMENT_GATEWAY = "simulator"
        dossier = world.dossier(applicant_user=world.citizen, status=Status.AWAITING_PAYMENT, fee_total=200000)
        detail = citizen_client.get(reverse("services_portal:my-dossier", args=[dossier.pk]))
        pay_url = reverse("services_portal:pay", args=[dossier.pk])
        assert pay_url in detail.text
        response = citizen_client.post(pay_url)
        assert response.status_code == 302 and response.url != reverse("services_portal:my-dossier", args=[dossier.pk])
        dossier.refresh_from_db()
        assert not dossier.fee_paid  # paid only after the gateway's verified notification

    def test_no_pay_button_when_nothing_is_due(self, citizen_client, world):
        dossier = world.dossier(applicant_user=world.citizen, status=Status.IN_APPRAISAL)
        detail = citizen_client.get(reverse("services_portal:my-dossier", args=[dossier.pk]))
        assert reverse("services_portal:pay", args=[dossier.pk]) not in detail.text
        response = citizen_client.post(reverse("services_portal:pay", args=[dossier.pk]), follow=True)
        assert "chờ nộp phí" in response.text
