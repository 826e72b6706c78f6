"""The administrator's pages for partner systems, the ``egov partners`` command and the demo partner."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egov.accounts.models import Role
from egov.api import credentials
from egov.api.models import ApiCall, ClientSecret, Partner
from egov.api.scopes import DOSSIERS_READ
from egov.audit.models import AuditRecord
from factories import AgencyFactory, StaffUserFactory

from .factories import PartnerFactory

pytestmark = pytest.mark.django_db
LIST = "/quan-tri/he-thong-doi-tac/"


@pytest.fixture
def admin_client(client):
    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    return client


def test_only_system_admins_see_the_pages(client):
    client.force_login(StaffUserFactory(roles=[Role.AGENCY_ADMIN]))
    assert client.get(LIST).status_code == 403


def test_create_shows_the_secret_once_and_stores_its_hash(admin_client, token_for):
    agency = AgencyFactory(name="Sở Tư pháp")
    form = {"code": "phan-mem-ho-tich", "name": "Phần mềm hộ tịch", "agencies": [agency.pk], "scopes": [DOSSIERS_READ]}
    response = admin_client.post(f"{LIST}them/", form)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    value = re.search(r"client_secret</dt><dd><code>([^<]+)</code>", response.content.decode()).group(1)
    partner = Partner.objects.get(code="phan-mem-ho-tich")
    assert list(partner.agencies.all()) == [agency] and partner.scopes == [DOSSIERS_READ]
    secret = ClientSecret.objects.get(partner=partner)
    assert secret.secret_hash == credentials.digest(value) and value not in secret.secret_hash
    partner.secret_value = value
    assert token_for(partner).status_code == 200
    assert value not in admin_client.get(f"{LIST}{partner.pk}/").content.decode()  # never shown again
    assert AuditRecord.objects.filter(action="partner.created", object_id=str(partner.pk)).exists()


def test_rotate_revoke_and_deactivate_from_the_detail_page(admin_client):
    partner = PartnerFactory()
    old = ClientSecret.objects.get(partner=partner)
    response = admin_client.post(f"{LIST}{partner.pk}/khoa-moi/")
    assert response.status_code == 200 and "Chỉ hiện một lần." in response.content.decode()
    assert partner.secrets.filter(revoked_at__isnull=True).count() == 2
    admin_client.post(f"{LIST}{partner.pk}/khoa/{old.pk}/thu-hoi/")
    old.refresh_from_db()
    assert old.revoked_at is not None and partner.secrets.filter(revoked_at__isnull=True).count() == 1
    admin_client.post(f"{LIST}{partner.pk}/trang-thai/", {"active": "0"})
    partner.refresh_from_db()
    assert not partner.is_active
    page = admin_client.get(LIST).content.decode()
    assert partner.name in page and "Đã thu hồi" in page


def test_the_call_log_is_paginated_and_filtered(admin_client):
    one, two = PartnerFactory(), PartnerFactory()
    ApiCall.objects.bulk_create(
        [ApiCall(partner=one, method="GET", path="/api/v1/dossiers/", status=200, duration_ms=3) for _ in range(55)]
        + [ApiCall(partner=two, method="GET", path="/api/v1/documents/incoming/", status=429, duration_ms=1)]
    )
    page = admin_client.get(f"{LIST}nhat-ky-goi/").content.decode()
    assert "56 lượt gọi" in page and "page=2" in page
    filtered = admin_client.get(f"{LIST}nhat-ky-goi/", {"partner": two.pk}).content.decode()
    assert "1 lượt gọi" in filtered and "/api/v1/documents/incoming/" in filtered


def test_the_command_creates_rotates_and_revokes(token_for):
    agency = AgencyFactory()
    out = StringIO()
    call_command(
        "partners",
        "create",
        "kho-du-lieu",
        "--name",
        "Kho dữ liệu",
        "--agency",
        agency.code,
        "--scope",
        DOSSIERS_READ,
        "--rate",
        "60/min",
        stdout=out,
    )
    first = re.search(r"client_secret=(\S+)", out.getvalue()).group(1)
    partner = Partner.objects.get(code="kho-du-lieu")
    assert partner.rate_limit == "60/min" and list(partner.agencies.all()) == [agency]
    out = StringIO()
    call_command("partners", "rotate", "kho-du-lieu", stdout=out)
    second = re.search(r"client_secret=(\S+)", out.getvalue()).group(1)
    assert token_for(partner, secret=first).status_code == 200 and token_for(partner, secret=second).status_code == 200
    call_command("partners", "revoke", "kho-du-lieu", "--secret", first[:6], stdout=StringIO())
    assert token_for(partner, secret=first).status_code == 401
    call_command("partners", "revoke", "kho-du-lieu", stdout=StringIO())
    assert token_for(partner, secret=second).status_code == 401
    with pytest.raises(CommandError):
        call_command("partners", "create", "x", "--name", "X", "--agency", "000.00.99.H99", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("partners", "create", "y", "--name", "Y", "--rate", "nhanh", stdout=StringIO())


def test_the_demo_partner_reads_the_whole_province(token_for):
    from egov.agencies.demo import load_demo_province
    from egov.api import demo

    load_demo_province()
    accounts = demo.load_demo()
    assert demo.load_demo() == accounts  # idempotent
    partner = Partner.objects.get(code=demo.CODE)
    assert accounts[0].username == partner.client_id and partner.secrets.count() == 1
    partner.secret_value = demo.SECRET
    assert token_for(partner).status_code == 200
