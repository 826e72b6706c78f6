"""Every domain's lifecycle is a ``TransitionTable`` applied only through ``egov.core.transitions.apply``.

The grep half: outside ``core/transitions.py``, no code under ``src/`` assigns a table-governed status field
(``.status = …``, ``.state = …``, ``.publication = …``, ``setattr(…, "status", …)``, ``update(status=…)``),
except the few fields listed in ``NOT_TABLE_GOVERNED`` that have no lifecycle table (with the reason).
"""

import re
from pathlib import Path

import pytest

from egov.cms import services as cms_services
from egov.cms import transitions as cms
from egov.core.transitions import SYSTEM, Lifecycle, TransitionTable
from egov.documents import transitions as documents
from egov.documents.services import common as documents_common
from egov.documents.services import workfiles
from egov.dossiers import services as dossier_services
from egov.dossiers import transitions as dossiers
from egov.exchange import services as exchange_services
from egov.exchange import transitions as exchange
from egov.feedback import services as feedback_services
from egov.feedback import transitions as feedback
from egov.meetings import services as meeting_services
from egov.meetings import transitions as meetings
from egov.plans import services as plan_services
from egov.plans import transitions as plans
from egov.tasks import services as task_services
from egov.tasks import transitions as tasks

SRC = Path(__file__).resolve().parents[2] / "src" / "egov"

# domain → (its tables, the lifecycles that apply them)
DOMAINS = {
    "dossiers": ([dossiers.TRANSITIONS], [dossier_services.LIFECYCLE]),
    "documents": (
        [documents.INCOMING, documents.OUTGOING, documents.WORK_FILE],
        [*documents_common.LIFECYCLES.values(), workfiles.LIFECYCLE],
    ),
    "feedback": (
        [feedback.TRANSITIONS, feedback.CONSULTATION_TRANSITIONS],
        [feedback_services.LIFECYCLE, feedback_services.CONSULTATION_LIFECYCLE],
    ),
    "meetings": ([meetings.TRANSITIONS], [meeting_services.LIFECYCLE]),
    "plans": ([plans.TRANSITIONS], [plan_services.LIFECYCLE]),
    "cms": ([cms.TRANSITIONS], [cms_services._lifecycle(cms_services.LegalDocument)]),
    "exchange": ([exchange.TRANSITIONS], [exchange_services.LIFECYCLE]),
    "tasks": ([tasks.TRANSITIONS], [task_services.LIFECYCLE]),
}

# Status fields that no transition table governs, where a plain assignment is the design:
# (file, the assigned expression's text) → why.
NOT_TABLE_GOVERNED = {
    ("events/services.py", "delivery.status ="): "the outbox's delivery bookkeeping",
    ("events/tasks_lease.py", "row.status = TaskResultStatus."): "the task queue's bookkeeping (django-tasks rows)",
    ("notifications/services.py", "message.status ="): "the notification queue's bookkeeping",
    ("payments/services.py", "txn.status ="): "a payment's status comes from the gateway's verified notification",
    ("feedback/services.py", "locked.status = CommentStatus."): "comment moderation, no lifecycle table",
    ("feedback/services.py", "locked.status = status"): "comment moderation (approve or hide), no lifecycle table",
    ("documents/services/incoming.py", "update(status=Assignment."): "a handling part, not the document",
    ("exchange/services.py", "self.status = status"): "the HTTP status code of a transport's answer",
}

ASSIGNMENT = re.compile(
    r"""\.(status|state|publication)\s*=(?!=)|setattr\([^)]*["'](status|state|publication)["']|update\((status|state|publication)="""
)


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_domain_has_a_table_and_applies_it_with_the_shared_engine(domain):
    tables, lifecycles = DOMAINS[domain]
    for table in tables:
        assert isinstance(table, TransitionTable)
        assert len(table) > 0
        for row in table:
            assert table.transition_for(row.action) is row
            assert row.roles, f"{domain}.{row.action} has no role"
    assert {id(lc.table) for lc in lifecycles} == {id(t) for t in tables}
    for lifecycle in lifecycles:
        assert isinstance(lifecycle, Lifecycle)
        model_fields = {f.name for f in lifecycle.model._meta.get_fields()}
        assert lifecycle.field in model_fields
        choices = {value for value, _label in lifecycle.model._meta.get_field(lifecycle.field).choices}
        assert lifecycle.table.statuses <= choices | {dossiers.PREVIOUS}


def test_system_rows_are_never_offered_to_a_user():
    every_role = {"onestop_officer", "specialist", "department_head", "agency_leader", "clerk", "agency_admin"}
    for tables, _lifecycles in DOMAINS.values():
        for table in tables:
            for status in table.statuses:
                for row in table.available_actions(status, every_role):
                    assert row.roles != {SYSTEM}


def _assignments():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in relative or relative == "core/transitions.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ASSIGNMENT.search(line) and not line.lstrip().startswith("#"):
                yield relative, number, line.strip()


def _excepted(path: str, line: str):
    return next(((p, text) for p, text in NOT_TABLE_GOVERNED if p == path and text in line), None)


def test_no_code_but_the_engine_assigns_a_status_field():
    found = [f"{path}:{n}: {line}" for path, n, line in _assignments() if not _excepted(path, line)]
    assert found == []


def test_the_listed_exceptions_are_still_needed():
    """An exception that no longer matches anything is removed from the list."""
    used = {_excepted(path, line) for path, _n, line in _assignments()}
    assert set(NOT_TABLE_GOVERNED) <= used
