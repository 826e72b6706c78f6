"""Dossiers filed on DVCQG become local dossiers exactly once, with their papers and national fees."""

import json

import pytest

from egov.dossiers.models import Channel, Dossier
from egov.dossiers.transitions import Status
from egov.integrations.dvcqg import intake
from egov.integrations.dvcqg.models import NationalDossier, NationalPaper

from .conftest import file_on_portal


def push(client, body, token="push-secret"):
    return client.post(
        "/api/v1/dvcqg/ho-so/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_polled_three_times_and_pushed_once_is_one_dossier(portal, world, client, settings):
    settings.DVCQG_PUSH_TOKEN = "push-secret"
    sim = file_on_portal(world)
    for _ in range(3):
        result = intake.poll()
        assert result.seen == 1 and result.failed == 0
    data = {k: v for k, v in sim.data.items() if not k.startswith("_")}
    response = push(client, data)
    assert response.status_code == 200 and response.json()["error_code"] == "00"
    assert response.json()["result"][0]["new"] is False

    assert Dossier.objects.count() == 1
    national = NationalDossier.objects.get()
    assert national.ma_ho_so == sim.ma_ho_so and national.seen_count == 4 and national.via == "poll"
    dossier = national.dossier
    assert dossier.channel == Channel.DVCQG and dossier.status == Status.NEW
    assert dossier.applicant_name == "Lê Thị Quốc Gia 1" and dossier.applicant_id_number == "001190000001"
    assert dossier.fee_paid and national.fee_paid_nationally == 200000 and national.payment_reference
    # The papers were fetched and stored, with their national codes.
    papers = list(dossier.papers.select_related("attachment").order_by("id"))
    assert len(papers) == 3 and all(p.attachment and p.attachment.content_type == "application/pdf" for p in papers)
    codes = set(NationalPaper.objects.values_list("code", flat=True))
    assert codes == {f"GT{d.pk}" for d in world.procedure.required_documents.all()}


def test_pushed_first_then_polled_is_one_dossier(portal, world, client, settings):
    settings.DVCQG_PUSH_TOKEN = "push-secret"
    sim = file_on_portal(world, 2)
    assert push(client, {"MaHoSo": sim.ma_ho_so}).json()["result"][0]["new"] is True
    assert intake.poll().created == 0
    assert Dossier.objects.count() == 1 and NationalDossier.objects.get().via == "push"


@pytest.mark.django_db
def test_push_needs_the_token(client, settings):
    settings.DVCQG_ENABLED = True
    settings.DVCQG_PUSH_TOKEN = "push-secret"
    assert push(client, {"MaHoSo": "X"}, token="wrong").status_code == 401
    settings.DVCQG_PUSH_TOKEN = ""
    assert push(client, {"MaHoSo": "X"}, token="").status_code == 401


def test_national_dossier_goes_through_the_normal_flow(portal, world):
    file_on_portal(world, 3)
    intake.poll()
    dossier = Dossier.objects.get()
    from egov.dossiers import services

    services.accept(dossier, actor=world.officer)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code.startswith(world.centre.code)


def test_unmapped_national_procedure_is_not_taken_in(portal, world):
    file_on_portal(world, 4, national_code="9.999999")
    result = intake.poll()
    assert result.failed == 1 and not Dossier.objects.exists() and not NationalDossier.objects.exists()
