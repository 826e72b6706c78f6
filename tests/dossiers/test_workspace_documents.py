"""Printable forms linked from the dossier page (rendered by ``dossiers.forms_pdf``) and the register downloads."""

import pytest
from django.urls import reverse

from .factories import DossierFactory

pytest.importorskip("egov.dossiers.forms_pdf")
pytestmark = [pytest.mark.django_db, pytest.mark.urls("dossiers.urls_for_tests")]


def test_receipt_is_linked_and_served_as_pdf(world, staff_client):
    dossier = world.receive()
    client = staff_client(world.officer)
    html = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    url = reverse("dossiers:document", args=[dossier.pk, "receipt"])
    assert f'href="{url}"' in html and "In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)" in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_forms_of_other_agencies_dossiers_and_unknown_forms_are_404(world, staff_client):
    dossier = world.receive()
    client = staff_client(world.officer)
    assert client.get(reverse("dossiers:document", args=[dossier.pk, "no_such_form"])).status_code == 404
    assert client.get(reverse("dossiers:document", args=[dossier.pk, "refusal"])).status_code == 404  # not refused
    other = DossierFactory()
    assert client.get(reverse("dossiers:document", args=[other.pk, "receipt"])).status_code == 404


def test_register_downloads(world, staff_client):
    world.receive()
    client = staff_client(world.officer)
    response = client.get(reverse("dossiers:register-xlsx"), {"start": "2020-01-01", "end": "2030-12-31"})
    assert response.status_code == 200 and response.content.startswith(b"PK")
    response = client.get(reverse("dossiers:register-pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_register_downloads_go_to_the_security_log(world, staff_client):
    from egov.audit import security
    from egov.audit.models import SecurityEvent

    client = staff_client(world.officer)
    client.get(reverse("dossiers:register-xlsx"), {"start": "2020-01-01", "end": "2030-12-31"})
    client.get(reverse("dossiers:register-pdf"))
    exports = SecurityEvent.objects.filter(event=security.PERSONAL_DATA_EXPORT).order_by("id")
    assert [(e.user_id, e.details["export"], e.details["format"]) for e in exports] == [
        (world.officer.pk, "dossiers.register", "xlsx"),
        (world.officer.pk, "dossiers.register", "pdf"),
    ]
