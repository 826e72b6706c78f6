"""Register numbers and notations (Decree 30/2020).

Numbers run from 1 in each register, and a register is one agency, one year, one direction and one series
(normal or secret), so numbers restart on 1 January and secret documents have their own series. The
register row is locked inside the caller's transaction: numbers are unique and gap-free under concurrent
issuing, and a rolled-back issue rolls its number back too.
"""

from django.db import IntegrityError, connection, transaction

from .models import DocumentRegister


def register_for(agency, year: int, kind: str, *, secret: bool = False) -> DocumentRegister:
    """The register of ``agency`` for ``year`` (created on first use)."""
    lookup = {"agency": agency, "year": year, "kind": kind, "is_secret": secret}
    register = DocumentRegister.objects.filter(**lookup).first()
    if register is not None:
        return register
    try:
        with transaction.atomic():
            register, _ = DocumentRegister.objects.get_or_create(agency=agency, year=year, kind=kind, is_secret=secret)
    except IntegrityError:  # another transaction created it first
        register = DocumentRegister.objects.get(agency=agency, year=year, kind=kind, is_secret=secret)
    return register


def next_number(register: DocumentRegister) -> int:
    """Take the next number of ``register``; call inside the transaction that uses it.

    One ``UPDATE … RETURNING`` (PostgreSQL, SQLite ≥ 3.35): the row lock it takes is held until commit.
    """
    table = DocumentRegister._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 WHERE id = %s RETURNING last_number",  # noqa: S608
            [register.pk],
        )
        (register.last_number,) = cursor.fetchone()
    return register.last_number


def format_number(number: int) -> str:
    """Numbers under 10 get a leading zero: ``05``, ``12``, ``123``."""
    return f"{number:02d}"


def notation(number: int, document_type, agency, unit=None) -> str:
    """Decree 30/2020 (Phụ lục I): a document with a type name is ``<number>/<type>-<agency>`` (``03/QĐ-STP``);
    a Công văn has no type name and carries the drafting unit instead: ``<number>/<agency>-<unit>``
    (``123/STP-HCTP``)."""
    if document_type.in_notation:
        parts = [document_type.abbreviation, agency.abbreviation]
    else:
        parts = [agency.abbreviation]
        if unit is not None and unit.pk != agency.pk and unit.abbreviation:
            parts.append(unit.abbreviation)
    return f"{format_number(number)}/{'-'.join(parts)}"
