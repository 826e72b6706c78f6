"""The personal data store (papers uploaded before and results received, reused in a new application) and the
verification of citizen-signed PDFs on upload."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from egov.attachments.services import store_upload
from egov.dossiers.models import DossierResult
from egov.services_portal import services
from egov.services_portal.models import PaperSignatureCheck, StoredPaper
from egov.signatures import services as signature_services
from egov.signatures.pdfgen import sample_pdf
from egov.signatures.signing import sign_pdf
from factories import OfficialFactory

from .portal_factories import CitizenFactory, pdf_upload

Outcome = PaperSignatureCheck.Outcome


def draft_for(world, procedure=None):
    return services.start_draft(world.citizen, procedure or world.procedure)


# --- personal data store --------------------------------------------------------------------------------


def test_uploaded_papers_are_kept_and_reused_in_a_new_application(world):
    first = services.attach_paper(draft_for(world), str(world.form.pk), [pdf_upload()], user=world.citizen)
    stored = StoredPaper.objects.get(user=world.citizen)
    assert stored.source == StoredPaper.Source.UPLOAD and stored.name == world.form.name
    assert stored.attachment_id == first.papers[str(world.form.pk)]

    second = draft_for(world, world.commune_procedure)
    second = services.reuse_stored_paper(second, services.OTHER_PAPER, stored.pk, user=world.citizen)
    assert second.papers[services.OTHER_PAPER] == stored.attachment_id


def test_the_store_is_scoped_to_its_owner(world):
    services.attach_paper(draft_for(world), str(world.form.pk), [pdf_upload()], user=world.citizen)
    stored = StoredPaper.objects.get(user=world.citizen)
    other = CitizenFactory()
    draft = services.start_draft(other, world.procedure)
    with pytest.raises(services.PortalError, match="kho dữ liệu cá nhân"):
        services.reuse_stored_paper(draft, str(world.form.pk), stored.pk, user=other)
    with pytest.raises(services.PortalError):
        services.reuse_stored_paper(draft, str(world.form.pk), "abc", user=other)


def test_papers_step_offers_and_uses_the_store(world, citizen_client):
    services.attach_paper(draft_for(world), str(world.form.pk), [pdf_upload()], user=world.citizen)
    stored = StoredPaper.objects.get(user=world.citizen)
    draft = draft_for(world, world.commune_procedure)
    url = reverse("services_portal:draft-papers", args=[draft.pk])
    page = citizen_client.get(url)
    assert f'<option value="{stored.pk}">' in page.content.decode()
    response = citizen_client.post(url, {"paper": services.OTHER_PAPER, "stored": stored.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.papers[services.OTHER_PAPER] == stored.attachment_id
    # Somebody else's store entry is refused with a message, the draft is unchanged.
    foreign = StoredPaper.objects.create(
        user=CitizenFactory(), attachment=stored.attachment, name="x", source=StoredPaper.Source.UPLOAD
    )
    citizen_client.post(url, {"paper": str(world.form.pk), "stored": foreign.pk})
    draft.refresh_from_db()
    assert str(world.form.pk) not in draft.papers


def test_results_received_go_to_the_store(world):
    dossier = world.dossier(applicant_user=world.citizen)
    attachment = store_upload(ContentFile(sample_pdf(1), name="kq.pdf"))
    DossierResult.objects.create(
        dossier=dossier, number=1, code=f"{dossier.code}-KQ1", title="Phiếu lý lịch tư pháp",
        attachment=attachment, issued_at=timezone.now(),
    )  # fmt: skip
    [kept] = services.keep_results(dossier)
    assert kept.source == StoredPaper.Source.RESULT and kept.attachment == attachment
    assert kept.name == f"Phiếu lý lịch tư pháp ({dossier.code}-KQ1)"
    assert services.keep_results(dossier) == [kept]  # idempotent (the outbox may deliver twice)


def test_results_are_kept_when_returned_through_the_outbox(world):
    from egov.dossiers import services as dossier_services
    from egov.dossiers.transitions import Status
    from egov.events.dispatcher import deliver_due

    dossier = world.dossier(applicant_user=world.citizen, status=Status.RESULT_READY)
    attachment = store_upload(ContentFile(sample_pdf(1), name="kq.pdf"))
    DossierResult.objects.create(
        dossier=dossier, number=1, code=f"{dossier.code}-KQ1", title="Kết quả", attachment=attachment,
        issued_at=timezone.now(),
    )  # fmt: skip
    dossier_services.return_result(dossier, actor=world.officer)
    deliver_due()
    assert StoredPaper.objects.filter(user=world.citizen, source=StoredPaper.Source.RESULT).count() == 1


# --- citizen-signed papers ------------------------------------------------------------------------------


@pytest.fixture
def ca_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "ca"
    return settings


def signed_pdf(name="Nguyễn Thị Hồng Nhung") -> bytes:
    certificate = signature_services.issue_certificate(official=OfficialFactory(full_name=name))
    return sign_pdf(sample_pdf(1), certificate=certificate, reason="Ký tờ khai")


def upload(data: bytes, name="to-khai-da-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_validly_signed_paper_is_verified_on_upload(world, ca_dir, citizen_client):
    draft = services.attach_paper(draft_for(world), str(world.form.pk), [upload(signed_pdf())], user=world.citizen)
    check = PaperSignatureCheck.objects.get(attachment_id=draft.papers[str(world.form.pk)])
    assert check.outcome == Outcome.VALID and check.signer == "Nguyễn Thị Hồng Nhung" and check.signed_at
    page = citizen_client.get(reverse("services_portal:draft-papers", args=[draft.pk])).content.decode()
    assert "Chữ ký số hợp lệ" in page and "Nguyễn Thị Hồng Nhung" in page
    review = citizen_client.get(reverse("services_portal:draft-review", args=[draft.pk])).content.decode()
    assert "Chữ ký số hợp lệ" in review


def test_a_paper_changed_after_signing_is_invalid(world, ca_dir):
    tampered = signed_pdf().replace(b"egov sample document", b"egov simple document")
    draft = services.attach_paper(draft_for(world), str(world.form.pk), [upload(tampered)], user=world.citizen)
    check = PaperSignatureCheck.objects.get(attachment_id=draft.papers[str(world.form.pk)])
    assert check.outcome == Outcome.INVALID


def test_a_signer_from_an_untrusted_ca_is_unknown(world, ca_dir, tmp_path):
    data = signed_pdf()
    ca_dir.VAR_DIR = tmp_path / "another-installation"  # no demo CA here: the signer's CA is not trusted
    draft = services.attach_paper(draft_for(world), str(world.form.pk), [upload(data)], user=world.citizen)
    check = PaperSignatureCheck.objects.get(attachment_id=draft.papers[str(world.form.pk)])
    assert check.outcome == Outcome.UNKNOWN_SIGNER


def test_an_unsigned_paper_has_no_check(world):
    draft = services.attach_paper(draft_for(world), str(world.form.pk), [pdf_upload()], user=world.citizen)
    assert not PaperSignatureCheck.objects.filter(attachment_id=draft.papers[str(world.form.pk)]).exists()


def test_citizen_and_officer_see_the_check_on_the_dossier_pages(world, ca_dir, citizen_client, client):
    draft = draft_for(world)
    services.attach_paper(draft, str(world.form.pk), [upload(signed_pdf())], user=world.citizen)
    services.attach_paper(draft, str(world.id_card.pk), [pdf_upload()], user=world.citizen)
    services.save_draft_data(draft, data={"full_name": "Nguyễn Thị Hồng Nhung"})
    dossier = services.submit_draft(draft, user=world.citizen)
    page = citizen_client.get(reverse("services_portal:my-dossier", args=[dossier.pk])).content.decode()
    assert "Chữ ký số hợp lệ" in page
    # The officer sees it too, in the panel the services portal adds to the staff dossier page.
    client.force_login(world.officer)
    staff_page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "Chữ ký số trên giấy tờ công dân nộp" in staff_page and "Chữ ký số hợp lệ" in staff_page


def test_store_page_lists_and_serves_only_the_owners_papers(world, citizen_client, django_assert_max_num_queries):
    for _ in range(3):
        services.attach_paper(draft_for(world), str(world.form.pk), [pdf_upload()], user=world.citizen)
    theirs = StoredPaper.objects.create(
        user=CitizenFactory(), attachment=StoredPaper.objects.first().attachment, name="Của người khác", source="upload"
    )
    with django_assert_max_num_queries(10):
        page = citizen_client.get(reverse("services_portal:store"))
    html = page.content.decode()
    assert html.count(f'<th scope="row">{world.form.name}</th>') == 3 and "Của người khác" not in html
    mine = StoredPaper.objects.filter(user=world.citizen).first()
    download = citizen_client.get(reverse("services_portal:stored-file", args=[mine.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert citizen_client.get(reverse("services_portal:stored-file", args=[theirs.pk])).status_code == 404
