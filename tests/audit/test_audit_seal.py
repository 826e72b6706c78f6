"""The seal job: idempotent, every committed record sealed exactly once, never a record still in flight."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from audit.helpers import in_threads, make_records, write_records
from egov.audit import services
from egov.audit.models import AuditRecord, AuditSeal
from egov.audit.seal import seal_pending, unsealed_count
from egov.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _seals():
    return list(AuditSeal.objects.order_by("number").values_list("number", "after_id", "last_id", "count", "hash"))


def test_seal_job_is_idempotent(capsys):
    make_records(5)
    call_command("audit", "seal")
    first = _seals()
    call_command("audit", "seal")
    assert _seals() == first and len(first) == 1
    assert "Đã niêm phong 5 bản ghi trong 1 lô" in capsys.readouterr().out
    assert seal_pending() == [] and unsealed_count() == 0


def test_large_backlog_is_sealed_in_batches_of_the_configured_size(settings):
    settings.EGOV_AUDIT_SEAL_BATCH = 4
    records = make_records(10)
    seals = seal_pending()
    assert [s.count for s in seals] == [4, 4, 2] and seals[-1].last_id == records[-1].pk
    assert [s.total for s in seals] == [4, 8, 10]
    assert all(s.prev_hash == p.hash for p, s in zip(seals, seals[1:], strict=False))
    assert verify_chain(chunk_size=3).sealed == 10


def test_rolled_back_records_leave_a_gap_that_verifies():
    make_records(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record(actor=None, action="test.rolled_back")
        raise RuntimeError
    make_records(2)
    seal_pending()
    result = verify_chain()
    assert result.ok and result.sealed == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_record_still_in_flight_is_not_sealed_until_its_transaction_ends():
    """PostgreSQL hands ids out outside transactions: id N may commit after N+1. The job waits for N."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writers are serialised: an id is final once visible")
    in_flight, go, errors = threading.Event(), threading.Event(), []

    def slow_writer():
        try:
            with transaction.atomic():
                services.record(actor=None, action="test.slow")
                in_flight.set()
                assert go.wait(timeout=30)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert in_flight.wait(timeout=30)
    [later] = make_records(1)  # a higher id, committed first
    assert seal_pending() == []  # the lower id may still commit: nothing sealed yet
    go.set()
    thread.join(timeout=30)
    assert not errors
    [seal] = seal_pending()
    assert (seal.count, seal.last_id) == (2, later.pk)
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_records_written_concurrently_are_all_sealed_exactly_once():
    writers = 4

    def seal():
        for _ in range(5):
            seal_pending(size=7)

    assert not in_threads(*(write_records(10, str(n)) for n in range(writers)), seal, seal)
    seal_pending(size=7)
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    seals = list(AuditSeal.objects.order_by("number"))
    covered = [i for s in seals for i in ids if s.after_id < i <= s.last_id]
    assert covered == ids and len(ids) == writers * 10  # each record in exactly one seal
    result = verify_chain(chunk_size=5)
    assert result.ok and result.sealed == writers * 10 and result.unsealed == 0
