"""Signed checkpoints: signed with the province's certificate, checkable by anyone, and the only thing that
detects a full rehash of the log by someone with database access."""

import json
import shutil
import subprocess

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from audit.helpers import make_records
from egov.audit import handlers
from egov.audit.chain import compute_hash, leaf_hash, merkle_root, seal_hash
from egov.audit.checkpoints import export_checkpoint, list_checkpoints
from egov.audit.models import AuditRecord, AuditSeal
from egov.audit.seal import seal_pending
from egov.audit.verify import verify_chain
from egov.signatures import services as signature_services
from egov.signatures.ca import demo_ca_cert
from factories import AgencyFactory
from signatures.test_signatures_timestamp import tsa_url  # noqa: F401 - a loopback TSA (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def _var_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("audit-var")


@pytest.fixture
def folder(settings, _var_dir, tmp_path):
    settings.VAR_DIR = _var_dir  # the demo CA, outside the developer's VAR_DIR
    settings.EGOV_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"


@pytest.fixture
def province(folder):
    agency = AgencyFactory(name="Ủy ban nhân dân tỉnh Thử Nghiệm")
    signature_services.issue_certificate(agency=agency)
    return agency


def _raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _rehash_everything():
    """What an attacker with write access could do: recompute every record's hash and every seal."""
    previous = None
    for seal in AuditSeal.objects.order_by("number"):
        rows = list(
            AuditRecord.objects.filter(id__gt=seal.after_id, id__lte=seal.last_id).order_by("id").values_list("id")
        )
        leaves = []
        for (record_id,) in rows:
            entry = AuditRecord.objects.get(pk=record_id)
            _raw("UPDATE audit_auditrecord SET hash = %s WHERE id = %s", compute_hash(entry), record_id)
            leaves.append(leaf_hash(record_id, compute_hash(entry)))
        seal.count, seal.root = len(leaves), merkle_root(leaves)
        seal.total = (previous.total if previous else 0) + seal.count
        seal.prev_hash = previous.hash if previous else ""
        seal.hash = seal_hash(seal)
        _raw(
            "UPDATE audit_auditseal SET count = %s, total = %s, root = %s, prev_hash = %s, hash = %s WHERE id = %s",
            seal.count,
            seal.total,
            seal.root,
            seal.prev_hash,
            seal.hash,
            seal.pk,
        )
        previous = seal


def test_checkpoint_is_written_once_per_head_and_listed(province, folder, capsys):
    make_records(3)
    call_command("audit", "checkpoint")
    assert "Đã ký điểm kiểm tra" in capsys.readouterr().out
    [checkpoint] = list_checkpoints()
    seal = AuditSeal.objects.get()
    assert checkpoint.data | {"signed_at": ""} == {
        "format": "egov-audit-checkpoint/1",
        "province": checkpoint.data["province"],
        "seal": 1,
        "last_id": seal.last_id,
        "total": AuditRecord.objects.count(),  # with the certificate's issue
        "head": seal.hash,
        "signed_at": "",
    }
    assert (folder / checkpoint.signature_name).stat().st_size > 500
    assert export_checkpoint() is None  # same head: nothing new
    make_records(1)
    handlers.checkpoint(None)  # the worker's daily job seals first
    assert [c.data["seal"] for c in list_checkpoints()] == [2, 1]
    assert verify_chain(checkpoints=folder).checkpoints == 2


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl is not installed")
def test_signature_verifies_with_openssl_against_the_demo_ca(province, folder, tmp_path):
    make_records(2)
    path = export_checkpoint()
    ca = tmp_path / "ca.pem"
    ca.write_bytes(demo_ca_cert().public_bytes(Encoding.PEM))
    command = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", f"{path}.p7s"]
    command += ["-content", str(path), "-CAfile", str(ca), "-purpose", "any", "-out", "/dev/null"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    signed = cms.ContentInfo.load((path.parent / f"{path.name}.p7s").read_bytes())["content"]
    assert signed["encap_content_info"]["content"].native is None  # detached
    attributes = {attr["type"].native for attr in signed["signer_infos"][0]["signed_attrs"]}
    assert {"signing_time", "message_digest"} <= attributes
    forged = tmp_path / "forged.json"
    data = json.loads(path.read_bytes())
    forged.write_text(json.dumps(data | {"total": 99}))
    command[command.index(str(path))] = str(forged)
    assert subprocess.run(command, capture_output=True, check=False).returncode != 0


def test_full_rehash_is_detected_with_checkpoints_and_not_without(province, folder):
    records = make_records(4)
    export_checkpoint()
    make_records(2)
    seal_pending()
    _raw("UPDATE audit_auditrecord SET summary = %s WHERE id = %s", "sửa lén", records[1].pk)
    assert not verify_chain().ok  # a plain edit is caught by the hashes alone
    _rehash_everything()
    assert verify_chain().ok  # the documented limit: without checkpoints a full rehash goes unseen
    result = verify_chain(checkpoints=folder)
    assert not result.ok and result.broken_seal == 1 and "viết lại" in result.reason
    with pytest.raises(CommandError, match="viết lại"):
        call_command("audit", "verify", "--checkpoints", str(folder))


def test_seals_cut_off_the_end_are_detected_with_checkpoints(province, folder):
    make_records(2)
    seal_pending()
    make_records(2)
    export_checkpoint()
    last = AuditSeal.objects.get(number=2)
    _raw("DELETE FROM audit_auditrecord WHERE id > %s", last.after_id)
    _raw("DELETE FROM audit_auditseal WHERE number = 2")
    assert verify_chain().ok
    result = verify_chain(checkpoints=folder)
    assert not result.ok and "đã bị cắt" in result.reason


def test_a_forged_or_unsigned_checkpoint_is_refused(province, folder):
    make_records(1)
    path = export_checkpoint()
    path.write_text(path.read_text().replace('"total":', '"total":1'))
    assert "không hợp lệ" in verify_chain(checkpoints=folder).reason
    path.with_name(path.name + ".p7s").unlink()
    assert "không có chữ ký" in verify_chain(checkpoints=folder).reason
    assert "Không tìm thấy" in verify_chain(checkpoints=folder / "none").reason


def test_no_usable_province_certificate_is_an_error(folder):
    make_records(1)
    with pytest.raises(CommandError, match="chứng thư số"):
        call_command("audit", "checkpoint")


def test_checkpoints_are_public_on_the_portal(province, folder, client):
    make_records(1)
    path = export_checkpoint()
    response = client.get(reverse("audit_public:checkpoints"))
    assert response.status_code == 200
    assert AuditSeal.objects.get().hash in response.content.decode()
    download = client.get(reverse("audit_public:checkpoint-file", args=[path.name]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == path.read_bytes()
    signature = client.get(reverse("audit_public:checkpoint-file", args=[path.name + ".p7s"]))
    assert signature["Content-Type"] == "application/pkcs7-signature"
    assert client.get(reverse("audit_public:checkpoint-file", args=["secret_key"])).status_code == 404


def test_checkpoint_carries_a_timestamp_when_a_tsa_is_configured(province, folder, settings, tsa_url):  # noqa: F811
    settings.SIGNATURES_TSA_URL = tsa_url
    make_records(1)
    path = export_checkpoint()
    signed = cms.ContentInfo.load(path.with_name(path.name + ".p7s").read_bytes())["content"]
    unsigned = signed["signer_infos"][0]["unsigned_attrs"]
    assert "signature_time_stamp_token" in {attr["type"].native for attr in unsigned}
    assert verify_chain(checkpoints=folder).checkpoints == 1
