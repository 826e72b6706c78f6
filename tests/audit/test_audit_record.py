import threading

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.helpers import make_records
from egov.audit import services
from egov.audit.chain import compute_hash
from egov.audit.models import AppendOnlyError, AuditRecord, ChainHead
from egov.audit.verify import verify_chain
from egov.core.middleware import _request_id
from factories import AgencyFactory, OfficialFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_record_stores_who_what_and_where():
    user = StaffUserFactory(full_name="Trần Thị Bình")
    official = OfficialFactory()
    token = _request_id.set("req-42")
    try:
        with transaction.atomic():
            entry = services.record(
                actor=user,
                action="official.updated",
                target=official,
                before={"phone": ""},
                after={"phone": "0912345678"},
                summary="Cập nhật điện thoại",
            )
    finally:
        _request_id.reset(token)
    entry = AuditRecord.objects.get(pk=entry.pk)
    assert entry.seq == 1 and entry.prev_hash == ""
    assert entry.actor_id == user.pk and entry.actor_display == "Trần Thị Bình"
    assert entry.agency_id == official.agency_id  # taken from the target
    assert (entry.object_type, entry.object_id) == ("agencies.official", str(official.pk))
    assert entry.object_display == str(official)
    assert entry.after == {"phone": "0912345678"}
    assert entry.request_id == "req-42"
    assert entry.hash == compute_hash(entry)


def test_system_actor_and_explicit_agency():
    agency = AgencyFactory()
    [entry] = make_records(1, actor=None, agency=agency)
    assert entry.actor_id is None and entry.actor_display == ""
    assert entry.agency_id == agency.pk


def test_agency_target_scopes_to_itself():
    agency = AgencyFactory()
    [entry] = make_records(1, target=agency)
    assert entry.agency_id == agency.pk and entry.object_type == "agencies.agency"


def test_records_are_chained_in_order():
    records = make_records(3)
    make_records(2)
    entries = list(AuditRecord.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (5, entries[-1].hash)
    assert records[0].hash == entries[0].hash


def test_snapshot_reads_field_values():
    official = OfficialFactory(phone="0900")
    assert services.snapshot(official, "phone", "agency") == {"phone": "0900", "agency": official.agency_id}


@pytest.mark.parametrize("action", ["", "Dossier.Received", "dossier received", "x" * 65, None])
def test_invalid_action_is_refused(action):
    with transaction.atomic(), pytest.raises(ValueError):
        services.record(actor=None, action=action)


def test_records_cannot_be_changed_or_deleted():
    [entry] = make_records(1)
    entry.action = "test.other"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=entry.pk).update(action="test.other")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(pk=entry.pk).action == "test.changed"


def test_head_is_rebuilt_from_the_last_record_when_missing():
    make_records(2)
    ChainHead.objects.all().delete()
    make_records(1)
    assert list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert verify_chain().ok


json_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(json_text, children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=json_values, after=json_values)
def test_any_json_summary_survives_the_database_round_trip(before, after):
    """What the database gives back hashes like what was written (jsonb rewrites numbers)."""
    with transaction.atomic():
        entry = services.record(actor=None, action="test.json", before={"v": before}, after={"v": after})
    stored = AuditRecord.objects.get(pk=entry.pk)
    assert compute_hash(stored) == stored.hash


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(services.NotInTransactionError):
        services.record(actor=None, action="test.changed")
    assert not AuditRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    errors = []
    barrier = threading.Barrier(3)

    def write(n):
        try:
            barrier.wait(timeout=10)
            for _ in range(8):
                with transaction.atomic():
                    services.record(actor=None, action="test.concurrent", summary=str(n))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 25))
    result = verify_chain(chunk_size=5)
    assert result.ok and result.checked == 24
