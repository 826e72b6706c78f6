"""The write path of a desk intake: how many statements one ``services.receive`` costs (issue 17).

Measured before issue 17 on PostgreSQL: 15 statements with nothing loaded (procedure and officer fresh from
the database, as the desk page does) and 9 with the procedure's papers, fees and agencies prefetched and the
officer's roles known (as the bench and a bulk intake do). Now 13 and 8: the daily counter is one
``UPDATE … RETURNING`` and the control-slip row takes the officer's unit by id. The rest are the rows an
intake writes (dossier, papers, control-slip row, outbox event and its delivery, audit record) and the
register number (``MAX`` after the counter lock)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.accounts.models import User
from egov.dossiers.models import Dossier
from egov.procedures.models import Procedure

COLD_MAX = 13
WARM_MAX = 8


def _statements(queries):
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_a_desk_intake_from_cold_objects(world):
    world.receive()  # the first intake of the day creates the daily counter
    world.officer = User.objects.get(pk=world.officer.pk)
    procedure = Procedure.objects.get(pk=world.procedure.pk)
    with CaptureQueriesContext(connection) as queries:
        dossier = world.receive(procedure=procedure)
    assert len(_statements(queries)) <= COLD_MAX, _statements(queries)
    assert Dossier.objects.get(pk=dossier.pk).papers.count() == 2


def test_a_desk_intake_with_the_procedure_prefetched(world):
    procedure = Procedure.objects.prefetch_related("required_documents", "fees", "agencies", "steps").get(
        pk=world.procedure.pk
    )
    first = world.receive(procedure=procedure)
    with CaptureQueriesContext(connection) as queries:
        dossier = world.receive(procedure=procedure)
    statements = _statements(queries)
    assert len(statements) <= WARM_MAX, statements
    assert sum(s.startswith("INSERT") for s in statements) == 6  # dossier, papers, slip row, event, delivery, audit
    assert dossier.register_number == first.register_number + 1
    assert int(dossier.code[-4:]) == int(first.code[-4:]) + 1
    handover = dossier.handovers.get()
    assert handover.from_unit == world.officer.official.unit
