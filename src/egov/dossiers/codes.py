"""Dossier and result codes: ``<receiving agency OrganId>-YYMMDD-NNNN`` and ``<dossier code>-KQ<n>``.

The daily sequence comes from a counter row locked inside the intake transaction, so codes are unique
and gap-free per agency and day even under concurrent intake: a rolled-back intake rolls its number
back too.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import DailyCounter


def next_sequence(agency, day: date) -> int:
    """The next number of ``agency``'s series for ``day``; call inside the intake transaction."""
    updated = DailyCounter.objects.filter(agency=agency, day=day).update(last_value=F("last_value") + 1)
    if not updated:
        try:
            with transaction.atomic():
                DailyCounter.objects.create(agency=agency, day=day, last_value=1)
            return 1
        except IntegrityError:  # another intake created today's counter first
            DailyCounter.objects.filter(agency=agency, day=day).update(last_value=F("last_value") + 1)
    return DailyCounter.objects.get(agency=agency, day=day).last_value


def dossier_code(agency_code: str, day: date, sequence: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def result_code(dossier_code_: str, number: int) -> str:
    return f"{dossier_code_}-KQ{number}"
