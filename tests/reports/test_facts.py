"""The daily facts table: rebuild equals the raw computation; event handlers keep it equal, idempotently."""

from datetime import date
from types import SimpleNamespace

from dossiers.factories import OneStopWorld
from egov.events.dispatcher import deliver_due
from egov.reports import facts, handlers
from egov.reports.models import DailyFact

from .conftest import at


def test_rebuild_equals_raw(data):
    written = facts.rebuild()
    stored = facts.stored_facts()
    assert written == len(stored)
    assert stored == facts.raw_facts()
    # spot checks written by hand: d1 received 05/10 at the desk, i4 done 01/10
    assert stored[(date(2025, 10, 5), data.so.pk, "d.recv.desk")] == 1
    assert stored[(date(2025, 10, 1), data.so.pk, "doc.in.done_on_time")] == 1
    assert stored[(date(2025, 10, 31), data.so.pk, "d.recv.post")] == 1  # 23:30 local is still 31/10
    assert (date(2025, 10, 31), data.so.pk, "d.recv.desk") not in stored


def test_rebuild_of_a_range_keeps_other_days(data):
    facts.rebuild()
    before = facts.stored_facts()
    DailyFact.objects.filter(day=date(2025, 10, 5)).update(value=99)
    DailyFact.objects.filter(day=date(2025, 11, 1)).update(value=77)
    facts.rebuild(date(2025, 10, 1), date(2025, 10, 31))
    after = facts.stored_facts()
    assert {k: v for k, v in after.items() if k[0].month == 10} == {k: v for k, v in before.items() if k[0].month == 10}
    assert after[(date(2025, 11, 1), data.so.pk, "d.recv.desk")] == 77


def test_handlers_replace_buckets_idempotently(data):
    d1 = data.dossiers.d1
    event = SimpleNamespace(aggregate_id=str(d1.pk), payload={}, topic="dossier.approve")
    handlers.dossier_facts(event)
    handlers.dossier_facts(event)  # twice: same rows
    for day in (date(2025, 10, 5), date(2025, 10, 10), date(2025, 10, 11), date(2025, 10, 12)):
        assert facts.stored_facts(day, day) == facts.raw_facts(day, day, families=(facts.DOSSIERS,))
    o1 = data.outgoing[0]
    handlers.outgoing_facts(SimpleNamespace(aggregate_id=str(o1.pk), payload={}))
    i2 = data.incoming[1]
    handlers.incoming_facts(SimpleNamespace(aggregate_id=str(i2.pk), payload={}))
    handlers.incoming_facts(SimpleNamespace(aggregate_id=str(i2.pk), payload={}))
    stored = facts.stored_facts()
    assert stored[(date(2025, 10, 10), data.so.pk, "doc.out.signed")] == 1
    assert stored[(date(2025, 10, 3), data.so.pk, "doc.in")] == 1
    assert stored[(date(2025, 10, 20), data.so.pk, "doc.in.done")] == 1
    assert (date(2025, 10, 20), data.so.pk, "doc.in.done_on_time") not in stored
    # a payment event refreshes the paid dossier's day
    handlers.payment_facts(SimpleNamespace(aggregate_id="1", payload={"dossier": data.dossiers.d7.pk}))
    assert facts.stored_facts()[(date(2025, 10, 9), data.dept.pk, "d.recv.paid_online")] == 1


def test_handlers_follow_the_real_services(db):
    world = OneStopWorld()
    now = at(2026, 4, 28, 10)
    dossier = world.receive(now=now)
    deliver_due()
    stored = facts.stored_facts()
    assert stored == facts.raw_facts()
    assert stored[(date(2026, 4, 28), dossier.handling_agency_id, "d.recv.desk")] == 1
