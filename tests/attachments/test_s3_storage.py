"""Files on S3-compatible storage (issue 16), against an S3-protocol server the tests start on loopback (moto's
server mode) and through the real boto3 client: upload, download after the permission check (streamed, or a
302 to a short-lived pre-signed URL), a one-stop result signed and stored there then verified, and deletion."""

import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.base import ContentFile
from django.urls import reverse

from dossiers.factories import OneStopWorld, pdf_upload
from egov.accounts.models import Role
from egov.attachments.services import kept_only_on_success, store_upload
from egov.dossiers.models import DossierResult
from egov.dossiers.transitions import Status

boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (pip install -e '.[test]')")
moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed (pip install -e '.[test]')")

PORT = 18520
ENDPOINT = f"http://127.0.0.1:{PORT}"
CREDENTIALS = {"aws_access_key_id": "egov-test", "aws_secret_access_key": "egov-test-secret"}


@pytest.fixture(scope="module")
def s3_server():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    yield boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1", **CREDENTIALS)
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, request):
    """A fresh bucket, and egov's default storage pointed at it the way EGOV_STORAGE=s3 does (settings.py)."""
    name = f"egov-{request.node.name.replace('_', '-')[:40]}".lower()
    s3_server.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": ENDPOINT,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": True,
                "signature_version": "s3v4",
                "querystring_expire": 60,
                "file_overwrite": False,
            },
        },
    }
    settings.S3_DOWNLOADS = "stream"
    return name


def _object(s3, bucket: str, key: str) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def _keys(s3, bucket: str) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


@pytest.fixture
def approved(db, settings, tmp_path):
    """A dossier approved with a PDF result, the result signed by the handling agency's certificate in the
    background handler (the one-stop flow of tests/signatures), everything on S3."""
    from egov.dossiers import services
    from egov.signatures import services as signatures
    from egov.signatures.handlers import sign_approved_results

    settings.VAR_DIR = tmp_path  # the demo CA the certificate is issued by
    world = OneStopWorld()
    signatures.issue_certificate(agency=world.so)
    dossier = world.receive()
    dossier.status = Status.AWAITING_APPROVAL
    dossier.save()
    unsigned = store_upload(pdf_upload("ket-qua.pdf"), uploaded_by=world.leader, agency=world.so, allowed_types=["pdf"])
    services.approve(dossier, actor=world.leader, result_title="Phiếu số 1", attachment=unsigned)

    class Event:
        topic, aggregate_id = "dossier.approve", str(dossier.pk)

    sign_approved_results(Event())
    result = DossierResult.objects.select_related("attachment").get(dossier=dossier)
    assert result.attachment_id != unsigned.pk  # the signed file took the unsigned one's place
    return world, dossier, result, unsigned


def test_an_upload_is_stored_in_the_bucket_and_readyz_storage_leaves_nothing(bucket, s3_server, client, db):
    content = pdf_upload("to-trinh.pdf").read()
    attachment = store_upload(ContentFile(content, name="Tờ trình.pdf"), allowed_types=["pdf"])
    key = attachment.file.name
    assert key.startswith("attachments/") and key.endswith(".pdf")
    stored = _object(s3_server, bucket, key)
    assert stored == content and hashlib.sha256(stored).hexdigest() == attachment.sha256
    assert s3_server.head_object(Bucket=bucket, Key=key)["ContentLength"] == attachment.size

    from egov.core.health import _checked, _storage

    assert _checked(_storage)["status"] == "ok"
    assert _keys(s3_server, bucket) == [key]  # the probe file was deleted


def test_the_signed_result_is_on_s3_verifies_and_is_streamed_only_to_whoever_may_see_the_dossier(
    bucket, s3_server, approved, client
):
    from egov.signatures import services as signatures

    world, dossier, result, unsigned = approved
    [report] = signatures.verify_pdf(_object(s3_server, bucket, result.attachment.file.name))
    assert report.valid and report.signer == world.so.name

    link = reverse("dossiers:result-file", args=[dossier.pk, result.pk])
    client.force_login(world.officer)
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == _object(s3_server, bucket, result.attachment.file.name)

    outsider = world.staff(Role.ONESTOP_OFFICER, world.so2, name="Ngoài Phạm Vi")
    client.force_login(outsider)
    assert client.get(link).status_code == 404


def test_with_redirect_downloads_the_permission_is_checked_then_a_short_lived_presigned_url(
    bucket, s3_server, approved, client, settings
):
    from egov.signatures import services as signatures

    settings.S3_DOWNLOADS = "redirect"
    world, dossier, result, unsigned = approved
    link = reverse("dossiers:result-file", args=[dossier.pk, result.pk])
    client.force_login(world.officer)
    response = client.get(link)
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    url = response["Location"]
    assert url.startswith(f"{ENDPOINT}/{bucket}/{result.attachment.file.name}?")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"]

    fetched = requests.get(url, timeout=30)  # the browser follows it to the S3 server
    assert fetched.status_code == 200
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert fetched.headers["Content-Disposition"].startswith("attachment;")
    assert fetched.headers["Cache-Control"] == "private, no-store"
    [report] = signatures.verify_pdf(fetched.content)
    assert report.valid

    # moto's server does not check signatures (a real S3 or MinIO does): what is proven here is the URL's shape,
    # SigV4 with a 60 s expiry, and that the object and the response headers it asks for come back.

    # Shown in the page (framed by our own pages) or with active content: always streamed with our headers.
    assert client.get(f"{link}?xem=1").status_code == 200
    result.attachment.active_content = "javascript"
    result.attachment.save(update_fields=["active_content"])
    sandboxed = client.get(link)
    assert sandboxed.status_code == 200 and sandboxed["Content-Security-Policy"] == "sandbox"

    outsider = world.staff(Role.ONESTOP_OFFICER, world.so2, name="Ngoài Phạm Vi")
    client.force_login(outsider)
    assert client.get(link).status_code == 404  # no address handed out


def test_deleted_files_leave_the_bucket(bucket, s3_server, db):
    with pytest.raises(RuntimeError), kept_only_on_success():
        refused = store_upload(pdf_upload("bi-tu-choi.pdf"), allowed_types=["pdf"])
        assert _keys(s3_server, bucket) == [refused.file.name]
        raise RuntimeError("the request is refused after the upload")
    assert _keys(s3_server, bucket) == []

    kept = store_upload(pdf_upload("giu-lai.pdf"), allowed_types=["pdf"])
    assert _keys(s3_server, bucket) == [kept.file.name]
    kept.file.delete(save=False)
    assert _keys(s3_server, bucket) == []
