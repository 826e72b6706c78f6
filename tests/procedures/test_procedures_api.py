"""The public catalogue API: search without diacritics, filters, detail, 404, bounded queries, schema."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from egov.attachments.models import Attachment
from egov.procedures.models import Procedure
from procedures.factories import FeeFactory, ProcedureFactory, RequiredDocumentFactory, SectorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("procedures.urls")]
LIST = "/api/v1/public/procedures/"


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def catalogue(agencies):
    building = SectorFactory(code="XD", name="Hoạt động xây dựng")
    land = SectorFactory(code="DD", name="Đất đai")
    grassroots = SectorFactory(code="HGCS", name="Hòa giải ở cơ sở")
    return {
        "permit": ProcedureFactory(
            code="2.002256",
            name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            sector=building,
            level=Procedure.Level.COMMUNE,
            agencies=agencies[1:],
            steps=True,
        ),
        "extend": ProcedureFactory(
            code="1.009973", name="Gia hạn giấy phép xây dựng", sector=building, agencies=agencies[:1], steps=True
        ),
        "mediator": ProcedureFactory(
            code="2.001263",
            name="Công nhận hòa giải viên",
            sector=grassroots,
            level=Procedure.Level.COMMUNE,
            agencies=agencies[1:],
        ),
        "dispute": ProcedureFactory(
            code="2.000470",
            name="Hoà giải tranh chấp đất đai",
            sector=land,
            level=Procedure.Level.COMMUNE,
            agencies=agencies[1:],
        ),
        "other": ProcedureFactory(
            code="1.000001", name="Cấp phép khác", sector=land, competent_authority="Sở Xây dựng", agencies=agencies[:1]
        ),
        "withdrawn": ProcedureFactory(code="1.000002", name="Giấy phép xây dựng cũ", sector=building, is_active=False),
    }


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


def test_list_is_public_paginated_and_shows_only_active_procedures(client, catalogue):
    body = client.get(LIST).json()
    assert body["count"] == 5 and "next" in body
    assert "1.000002" not in [item["code"] for item in body["results"]]
    assert codes(client.get(LIST, {"page_size": 2})) and len(client.get(LIST, {"page_size": 2}).json()["results"]) == 2


@pytest.mark.parametrize("query", ["giay phep xay dung", "GIẤY PHÉP XÂY DỰNG", "giấy phép  xây-dựng"])
def test_search_ignores_diacritics_and_case(client, catalogue, query):
    assert codes(client.get(LIST, {"search": query})) == ["2.002256", "1.009973"]


@pytest.mark.parametrize("query", ["hoà giải", "hòa giải", "hoa giai", "HOÀ GIẢI"])
def test_search_finds_both_spellings_of_hoa_giai(client, catalogue, query):
    assert sorted(codes(client.get(LIST, {"search": query}))) == ["2.000470", "2.001263"]


def test_name_matches_come_before_matches_elsewhere(client, catalogue):
    # "xay dung" is in two names, and in the competent authority of a third procedure.
    assert codes(client.get(LIST, {"search": "xay dung"})) == ["2.002256", "1.009973", "1.000001"]
    # The whole phrase in the name ranks above the words scattered in it.
    ProcedureFactory(code="1.000003", name="Dựng lại nhà, xây tường rào", agencies=[])
    assert codes(client.get(LIST, {"search": "xay dung"}))[-1] == "1.000001"


def test_search_by_code(client, catalogue):
    assert codes(client.get(LIST, {"search": "2.001263"})) == ["2.001263"]


def test_filters_by_sector_level_and_agency(client, catalogue, agencies):
    assert sorted(codes(client.get(LIST, {"sector": "XD"}))) == ["1.009973", "2.002256"]
    assert sorted(codes(client.get(LIST, {"level": "province"}))) == ["1.000001", "1.009973"]
    assert sorted(codes(client.get(LIST, {"agency": agencies[1].code, "search": "hoa giai"}))) == [
        "2.000470",
        "2.001263",
    ]


def test_bad_level_is_a_400_with_a_vietnamese_message(client, catalogue):
    response = client.get(LIST, {"level": "district"})
    assert response.status_code == 400
    assert response.json()["detail"] and "không hợp lệ" in response.json()["errors"]["level"][0]


def test_detail_has_documents_fees_steps_and_agencies(client, catalogue, agencies):
    permit = catalogue["permit"]
    template = Attachment.objects.create(original_name="don.pdf", content_type="application/pdf", size=1, sha256="0")
    RequiredDocumentFactory(procedure=permit, order=1, name="Đơn đề nghị", template=template)
    FeeFactory(procedure=permit, name="Lệ phí", amount=Decimal("75000"))
    body = client.get(f"{LIST}2.002256/").json()

    assert body["name"] == permit.name and body["sector"] == {"code": "XD", "name": "Hoạt động xây dựng"}
    assert body["processing_time"] == 5 and body["time_unit_display"] == "ngày làm việc"
    assert body["required_documents"][0]["name"] == "Đơn đề nghị"
    assert body["required_documents"][0]["template_url"].endswith(
        reverse("procedures:form-template", args=[permit.required_documents.get().pk])
    )
    assert body["fees"] == [{"name": "Lệ phí", "amount": 75000, "description": ""}]
    assert [s["duration"] for s in body["steps"]] == [0.5, 3, 1, 0.5]
    assert body["steps"][0]["role_display"] == "Cán bộ một cửa"
    assert body["agencies"] == [{"code": agencies[1].code, "name": agencies[1].name}]


@pytest.mark.parametrize("code", ["9.999999", "1.000002", "khong-co"])
def test_unknown_or_withdrawn_code_is_404(client, catalogue, code):
    assert client.get(f"{LIST}{code}/").status_code == 404


def test_list_runs_a_fixed_number_of_queries(client, catalogue, agencies, django_assert_max_num_queries):
    for n in range(30):
        ProcedureFactory(name=f"Giấy phép xây dựng số {n}", agencies=agencies, steps=True)
    with django_assert_max_num_queries(2):
        assert len(codes(client.get(LIST, {"search": "giay phep", "level": "province"}))) == 20


def test_detail_runs_a_fixed_number_of_queries(client, catalogue, agencies, django_assert_max_num_queries):
    permit = catalogue["permit"]
    for n in range(10):
        RequiredDocumentFactory(procedure=permit, order=n + 1)
        FeeFactory(procedure=permit)
    with django_assert_max_num_queries(5):
        assert client.get(f"{LIST}2.002256/").status_code == 200


def test_schema_still_generates(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/public/procedures/{code}/" in response.content


def test_schema_of_the_catalogue_has_no_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(urlconf="procedures.api_urls").get_schema(request=None, public=True)
    assert not GENERATOR_STATS, GENERATOR_STATS
    parameters = {p["name"] for p in schema["paths"]["/api/v1/public/procedures/"]["get"]["parameters"]}
    assert {"search", "sector", "level", "agency", "page", "page_size"} <= parameters
