import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.helpers import make_records
from egov.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_empty_log_verifies():
    result = verify_chain()
    assert result.ok and result.checked == 0


def test_verify_passes_on_an_intact_chain(capsys):
    make_records(7)
    call_command("audit", "verify", "--chunk-size", "3")
    assert "7" in capsys.readouterr().out


def test_edited_row_is_named(capsys):
    records = make_records(5)
    _raw("UPDATE audit_auditrecord SET action = %s WHERE id = %s", "test.forged", records[2].pk)
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", "--chunk-size", "2")
    assert error.value.returncode == 1
    assert "số 3" in str(error.value) and f"id={records[2].pk}" in str(error.value)
    assert "Mã băm không khớp" in str(error.value)


def test_row_rehashed_after_edit_breaks_the_next_link():
    records = make_records(4)
    _raw("UPDATE audit_auditrecord SET hash = %s WHERE id = %s", "0" * 64, records[1].pk)
    result = verify_chain()
    # the edited row's own hash no longer matches its content
    assert (result.broken_seq, result.checked) == (2, 1)
    assert "Mã băm" in result.reason


def test_deleted_middle_row_is_detected():
    records = make_records(5)
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", records[2].pk)
    result = verify_chain()
    assert not result.ok and result.broken_seq == 4 and "Thiếu bản ghi số 3" in result.reason


def test_deleted_last_row_is_detected_through_the_head():
    records = make_records(3)
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", records[-1].pk)
    result = verify_chain()
    assert not result.ok and result.checked == 2 and "cắt" in result.reason


def test_forged_link_is_detected():
    records = make_records(3)
    _raw("UPDATE audit_auditrecord SET prev_hash = %s WHERE id = %s", "f" * 64, records[1].pk)
    result = verify_chain()
    assert result.broken_seq == 2 and "Liên kết" in result.reason
