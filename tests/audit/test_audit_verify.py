"""``egov audit verify``: any record changed, removed, reordered or added into a sealed range is detected."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from audit.helpers import make_records
from egov.audit.chain import GENESIS_HASH, compute_hash
from egov.audit.models import AuditRecord
from egov.audit.seal import seal_pending
from egov.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _sealed(count):
    records = make_records(count)
    seal_pending()
    return records


def test_empty_log_verifies():
    result = verify_chain()
    assert result.ok and result.checked == 0 and result.seals == 0


def test_verify_passes_on_an_intact_log(capsys):
    _sealed(7)
    make_records(2)
    call_command("audit", "verify", "--chunk-size", "3")
    out = capsys.readouterr().out
    assert "9 bản ghi, 1 niêm phong (7 bản ghi), 2 bản ghi chưa niêm phong" in out
    assert "tính lại toàn bộ mã băm sẽ không bị phát hiện" in out  # no checkpoints given: said so


@pytest.mark.parametrize("sealed", [True, False])
def test_edited_row_is_named(sealed):
    records = _sealed(5) if sealed else make_records(5)
    _raw("UPDATE audit_auditrecord SET action = %s WHERE id = %s", "test.forged", records[2].pk)
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", "--chunk-size", "2")
    assert error.value.returncode == 1
    assert f"id={records[2].pk}" in str(error.value) and "Mã băm không khớp" in str(error.value)


def test_row_rehashed_after_edit_breaks_its_seal():
    records = _sealed(4)
    entry = AuditRecord.objects.get(pk=records[1].pk)
    entry.action = "test.forged"
    _raw(
        "UPDATE audit_auditrecord SET action = %s, hash = %s WHERE id = %s",
        "test.forged",
        compute_hash(entry),
        entry.pk,
    )
    result = verify_chain()
    assert not result.ok and result.broken_seal == 1 and "gốc Merkle không khớp" in result.reason


def test_deleted_middle_row_is_detected():
    records = _sealed(5)
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", records[2].pk)
    result = verify_chain()
    assert not result.ok and result.broken_seal == 1 and "nay tìm thấy 4" in result.reason


def test_deleted_last_sealed_row_is_detected():
    records = _sealed(3)
    make_records(1)  # not sealed yet
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", records[-1].pk)
    result = verify_chain()
    assert not result.ok and result.broken_seal == 1


def test_reordered_rows_are_detected():
    records = _sealed(4)
    first, second = records[1].pk, records[2].pk
    _raw("UPDATE audit_auditrecord SET id = %s WHERE id = %s", -1, first)
    _raw("UPDATE audit_auditrecord SET id = %s WHERE id = %s", first, second)
    _raw("UPDATE audit_auditrecord SET id = %s WHERE id = %s", second, -1)
    result = verify_chain()
    assert not result.ok and result.broken_seal == 1 and "đổi thứ tự" in result.reason


def test_record_inserted_later_into_a_sealed_range_is_detected():
    [first] = make_records(1)
    later = AuditRecord(id=first.pk + 10, at=timezone.now(), action="test.changed")  # leaves a gap of ids
    later.hash = compute_hash(later)
    later.save(force_insert=True)
    seal_pending()
    assert verify_chain().ok  # gaps (rolled-back transactions) are fine
    forged = AuditRecord(id=first.pk + 5, at=timezone.now(), action="test.forged")  # a valid record, in the gap
    forged.hash = compute_hash(forged)
    forged.save(force_insert=True)
    result = verify_chain()
    assert not result.ok and result.broken_seal == 1 and "nay tìm thấy 3" in result.reason


def test_edited_or_removed_seal_is_detected():
    _sealed(2)
    _sealed(2)
    _sealed(2)
    _raw("UPDATE audit_auditseal SET count = 3 WHERE number = 2")
    assert verify_chain().broken_seal == 2
    _raw("DELETE FROM audit_auditseal WHERE number = 2")
    result = verify_chain()
    assert not result.ok and result.broken_seal == 3 and "Thiếu niêm phong số 2" in result.reason


def _legacy(count):
    """Records as the one-by-one chain wrote them before decision 0006."""
    prev, records = GENESIS_HASH, []
    for seq in range(1, count + 1):
        entry = AuditRecord(seq=seq, prev_hash=prev, at=timezone.now(), action="legacy.changed", summary=str(seq))
        entry.hash = compute_hash(entry)
        entry.save(force_insert=True)
        prev = entry.hash
        records.append(entry)
    return records


def test_old_chain_keeps_verifying_and_is_sealed_with_the_new_records():
    _legacy(3)
    make_records(2)
    [seal] = seal_pending()
    result = verify_chain()
    assert result.ok and seal.count == result.sealed == 5


def test_old_chain_links_are_still_checked():
    records = _legacy(3)
    entry = AuditRecord.objects.get(pk=records[1].pk)
    entry.prev_hash = "f" * 64
    _raw(
        "UPDATE audit_auditrecord SET prev_hash = %s, hash = %s WHERE id = %s",
        entry.prev_hash,
        compute_hash(entry),
        entry.pk,
    )
    result = verify_chain()
    assert result.broken_id == records[1].pk and "liên kết bị đứt" in result.reason
