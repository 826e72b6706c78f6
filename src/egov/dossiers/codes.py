"""Dossier and result codes: ``<receiving agency OrganId>-YYMMDD-NNNN`` and ``<dossier code>-KQ<n>``.

The daily sequence comes from a counter row locked inside the intake transaction, so codes are unique
and gap-free per agency and day even under concurrent intake: a rolled-back intake rolls its number
back too.
"""

from datetime import date

from django.db import IntegrityError, connection, transaction

from .models import DailyCounter


def next_sequence(agency, day: date) -> int:
    """The next number of ``agency``'s series for ``day``; call inside the intake transaction.

    One statement on the usual path: ``UPDATE … RETURNING`` locks the counter row and reads the new value
    (PostgreSQL; SQLite ≥ 3.35)."""
    value = _increment(agency, day)
    if value is None:
        try:
            with transaction.atomic():
                DailyCounter.objects.create(agency=agency, day=day, last_value=1)
            return 1
        except IntegrityError:  # another intake created today's counter first
            value = _increment(agency, day)
    return value


def _increment(agency, day: date) -> int | None:
    table = connection.ops.quote_name(DailyCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1 WHERE agency_id = %s AND day = %s "  # noqa: S608 - fixed names
            "RETURNING last_value",
            [agency.pk, connection.ops.adapt_datefield_value(day)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def dossier_code(agency_code: str, day: date, sequence: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def result_code(dossier_code_: str, number: int) -> str:
    return f"{dossier_code_}-KQ{number}"
