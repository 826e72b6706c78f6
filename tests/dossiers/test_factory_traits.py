"""The dossier factory's traits give the states their names promise (the queries the inboxes use agree)."""

import pytest
from django.utils import timezone

from dossiers.factories import DossierFactory
from egov.dossiers.models import Dossier
from egov.dossiers.transitions import CLOCK_RUNNING, FINAL, Status

pytestmark = pytest.mark.django_db


def test_overdue_and_due_soon_are_what_the_inbox_queries_find():
    now = timezone.now()
    overdue, soon, fine = DossierFactory(overdue=True), DossierFactory(due_soon=True), DossierFactory()
    assert set(Dossier.objects.overdue(now)) == {overdue}
    assert soon in Dossier.objects.due_soon(now, now + timezone.timedelta(days=1))
    assert fine not in Dossier.objects.overdue(now)
    assert overdue.status in CLOCK_RUNNING and overdue.original_due_at == overdue.due_at


def test_paused_returned_and_online():
    paused = DossierFactory(paused=True)
    assert paused.status == Status.SUPPLEMENT_REQUESTED and paused.resume_status and paused.paused_at
    assert paused not in Dossier.objects.overdue(timezone.now())
    returned = DossierFactory(returned=True)
    assert returned.status in FINAL and returned.closed_at and returned.returned_at
    online = DossierFactory(online=True)
    assert online.status == Status.NEW and online.code is None and online.due_at is None
