"""Desk intake: pick the procedure, fill the applicant and the checklist, receive; bad input changes nothing."""

import pytest
from django.urls import reverse

from egov.attachments.models import Attachment
from egov.dossiers.models import Channel, Dossier
from egov.dossiers.transitions import Status

from .factories import ProcedureFactory, pdf_upload, text_upload

pytestmark = [pytest.mark.django_db, pytest.mark.urls("dossiers.urls_for_tests")]


def form_data(world, **overrides):
    data = {
        "applicant_name": "Nguyễn Thị Hồng Nhung",
        "applicant_id_number": "001190012345",
        "applicant_phone": "0912345678",
        "channel": Channel.DESK,
        "fee_paid": "on",
        "papers-TOTAL_FORMS": "3",
        "papers-INITIAL_FORMS": "3",
        "papers-0-handed_in": "on",
        "papers-0-form": "original",
        "papers-0-count": "1",
        "papers-1-handed_in": "on",
        "papers-1-form": "copy",
        "papers-1-count": "2",
        "papers-2-form": "original",
        "papers-2-count": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_only_one_stop_officers_receive_at_the_desk(world, staff_client):
    assert staff_client(world.clerk).get(reverse("dossiers:intake")).status_code == 403


def test_procedure_search_ignores_diacritics(world, staff_client):
    ProcedureFactory(onestop=True, name="Đăng ký khai sinh", agencies=[world.ubnd_xa])
    response = staff_client(world.officer).get(reverse("dossiers:intake"), {"q": "dang ky khai sinh"})
    assert [p.name for p in response.context["page"]] == ["Đăng ký khai sinh"]
    assert reverse("dossiers:intake-form", args=[response.context["page"][0].pk]) in response.content.decode()


def test_form_lists_the_checklist_and_fees(world, staff_client):
    response = staff_client(world.officer).get(reverse("dossiers:intake-form", args=[world.procedure.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in html and "Giấy ủy quyền (nếu có)" in html
    assert "200.000 đồng" in html
    assert 'for="id_papers-0-scan"' in html


def test_receive_at_the_desk_with_a_scan(world, staff_client):
    client = staff_client(world.officer)
    data = form_data(world, **{"papers-0-scan": pdf_upload(), "other_papers": "Giấy xác nhận cư trú\n"})
    response = client.post(reverse("dossiers:intake-form", args=[world.procedure.pk]), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dossiers:detail", args=[dossier.pk])
    assert dossier.status == Status.RECEIVED and dossier.code.startswith("000.00.20.K98-")
    assert dossier.receiving_agency == world.centre and dossier.handling_agency == world.so and dossier.fee_paid
    papers = list(dossier.papers.order_by("id"))
    assert [(p.name, p.form, p.count) for p in papers] == [
        ("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "original", 1),
        ("Bản chụp Căn cước công dân", "copy", 2),
        ("Giấy xác nhận cư trú", "original", 1),
    ]
    assert papers[0].attachment.content_type == "application/pdf"
    page = client.get(response["Location"]).content.decode()
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in page
    assert dossier.search_text and Dossier.objects.search("nhung").get() == dossier


def test_missing_mandatory_paper_is_refused_and_nothing_is_kept(world, staff_client):
    data = form_data(world, **{"papers-1-handed_in": None, "papers-0-scan": pdf_upload()})
    response = staff_client(world.officer).post(reverse("dossiers:intake-form", args=[world.procedure.pk]), data)
    assert response.status_code == 400
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc: Bản chụp Căn cước công dân." in response.content.decode()
    assert not Dossier.objects.exists() and not Attachment.objects.exists()


def test_wrong_file_type_is_refused_on_its_row(world, staff_client):
    data = form_data(world, **{"papers-0-scan": text_upload()})
    response = staff_client(world.officer).post(reverse("dossiers:intake-form", args=[world.procedure.pk]), data)
    assert response.status_code == 400
    assert response.context["checklist"].forms[0].errors["scan"]
    assert not Dossier.objects.exists() and not Attachment.objects.exists()


def test_missing_applicant_name_is_a_field_error(world, staff_client):
    data = form_data(world, applicant_name="")
    response = staff_client(world.officer).post(reverse("dossiers:intake-form", args=[world.procedure.pk]), data)
    assert response.status_code == 400 and response.context["form"].errors["applicant_name"]
    assert not Dossier.objects.exists()


def test_unknown_or_inactive_procedure_is_404(world, staff_client):
    world.procedure.is_active = False
    world.procedure.save()
    client = staff_client(world.officer)
    assert client.get(reverse("dossiers:intake-form", args=[world.procedure.pk])).status_code == 404
    assert client.get(reverse("dossiers:intake-form", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("applicant_id_number", "12345", "Số định danh “12345” không hợp lệ"),
        ("applicant_id_number", "abc", "Số định danh “abc” không hợp lệ"),
        ("applicant_phone", "09xx", "Số điện thoại “09xx” không hợp lệ"),
    ],
)
def test_the_desk_refuses_a_bad_id_number_or_phone(world, staff_client, field, value, message):
    url = reverse("dossiers:intake-form", args=[world.procedure.pk])
    response = staff_client(world.officer).post(url, form_data(world, **{field: value}))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_service_refuses_a_bad_phone_whatever_the_channel(world):
    from egov.dossiers.services import Applicant, DossierError

    with pytest.raises(DossierError, match="Số điện thoại"):
        world.receive(applicant=Applicant(name="Nguyễn Văn Bình", id_number="001190012345", phone="12345"))
    dossier = world.receive(
        applicant=Applicant(name="Nguyễn Văn Bình", id_number="001 190 012 345", phone="+84912345678")
    )
    assert (dossier.applicant_id_number, dossier.applicant_phone) == ("001190012345", "0912345678")
