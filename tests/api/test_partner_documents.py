"""Partner tokens on the documents API: the partner's agencies only (never documents nobody leads elsewhere),
no secret documents, and the signature check with its own scope."""

import pytest

from documents.factories import DocumentWorld, pdf_bytes
from egov.api.scopes import DOCUMENTS_READ, SIGNATURES_VERIFY
from egov.documents import services
from egov.documents.models import Secrecy

from .factories import PartnerFactory

pytestmark = pytest.mark.django_db
INCOMING = "/api/v1/documents/incoming/"


@pytest.fixture
def world(db):
    return DocumentWorld()


def test_a_partner_reads_its_agencys_documents_only(world, bearer):
    world.clear(world.a.clerk, Secrecy.SECRET)
    mine = services.register_incoming(world.incoming_data(notation="1/QĐ-BTP"), clerk=world.a.clerk)
    services.register_incoming(world.incoming_data(notation="2/QĐ-BTP"), clerk=world.b.clerk)  # nobody leads it
    services.register_incoming(world.incoming_data(notation="3/QĐ-BTP", secrecy=Secrecy.SECRET), clerk=world.a.clerk)
    api = bearer(PartnerFactory(agencies=[world.a.agency], scopes=[DOCUMENTS_READ]))
    body = api.get(INCOMING).json()
    assert [d["notation"] for d in body["results"]] == ["1/QĐ-BTP"]
    detail = api.get(f"{INCOMING}{mine.pk}/").json()
    assert detail["notation"] == "1/QĐ-BTP" and detail["actions"] == []
    assert api.get("/api/v1/documents/outgoing/").status_code == 200


def test_the_signature_check_needs_its_scope_and_accepts_a_post(world, bearer):
    upload = {"file": ("ban.pdf", pdf_bytes("Không ký"), "application/pdf")}
    without = bearer(PartnerFactory(agencies=[world.a.agency], scopes=[DOCUMENTS_READ]))
    assert without.post("/api/v1/signatures/verify/", _files(upload), format="multipart").status_code == 403
    partner = PartnerFactory(agencies=[world.a.agency], scopes=[SIGNATURES_VERIFY])
    response = bearer(partner).post("/api/v1/signatures/verify/", _files(upload), format="multipart")
    assert response.status_code == 200 and response.json()["signatures"] == []


def _files(spec):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {name: SimpleUploadedFile(*args) for name, args in spec.items()}
