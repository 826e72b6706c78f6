import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.helpers import in_threads, make_records, write_records
from egov.audit import services
from egov.audit.chain import compute_hash
from egov.audit.models import AppendOnlyError, AuditRecord, AuditSeal
from egov.audit.seal import seal_pending
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
    assert entry.seq is None and entry.prev_hash == ""  # no one-by-one chain since decision 0006
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


def test_records_carry_their_own_hash_and_are_sealed_in_id_order():
    records = make_records(3)
    make_records(2)
    entries = list(AuditRecord.objects.order_by("id"))
    assert [e.pk for e in entries] == sorted(e.pk for e in entries) and len(entries) == 5
    assert all(entry.hash == compute_hash(entry) for entry in entries)
    assert records[0].hash == entries[0].hash
    [seal] = seal_pending()
    assert (seal.number, seal.after_id, seal.last_id, seal.count, seal.total) == (1, 0, entries[-1].pk, 5, 5)


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


def test_records_after_the_last_seal_are_sealed_by_the_next_run():
    make_records(2)
    seal_pending()
    make_records(1)
    assert [s.count for s in seal_pending()] == [1]
    assert list(AuditSeal.objects.values_list("number", "total")) == [(1, 2), (2, 3)]
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
    assert verify_chain(chunk_size=7).ok  # verify's own reading (PostgreSQL: as text) hashes the same


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(services.NotInTransactionError):
        services.record(actor=None, action="test.changed")
    assert not AuditRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_are_all_sealed():
    assert not in_threads(*(write_records(8, str(n)) for n in range(3)))
    assert AuditRecord.objects.count() == 24
    seal_pending()
    result = verify_chain(chunk_size=5)
    assert result.ok and result.checked == result.sealed == 24
