"""Changing the procedure catalogue: one procedure (``save_procedure``) or a whole file (``import_catalogue``).

Every created or updated procedure gets an audit record and a ``procedure.created`` / ``procedure.updated``
event; a procedure whose data did not change is left alone, so importing the same file twice changes
nothing. An import is all or nothing: when any row is bad, nothing is written.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.agencies.models import Agency
from egov.agencies.scoping import scope_of, visible_agency_ids
from egov.audit import services as audit
from egov.events.services import publish
from egov.search.text import normalize

from .io import json_format, xlsx_format
from .io.cleaning import RawProcedure, agency_codes, check_catalogue, clean_procedure
from .io.issues import Issue, Issues
from .models import Fee, Procedure, ProcessStep, RequiredDocument, Sector
from .records import PLAIN_FIELDS, ProcedureRecord, catalogue_queryset, record_of

FORMATS = {"json": json_format, "xlsx": xlsx_format}
MAX_IMPORT_BYTES = 20 * 1024 * 1024
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do); ``issues`` non-empty means nothing was written."""

    format: str = ""
    dry_run: bool = False
    issues: list[Issue] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def detect_format(name: str) -> str | None:
    suffix = Path(name or "").suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


# --- import ---------------------------------------------------------------------------------------


def import_catalogue(source, *, actor=None, format: str | None = None, dry_run: bool = False) -> ImportResult:
    """Import a JSON or XLSX catalogue file (a path or an uploaded file); the format comes from its name.

    ``actor``: the user importing (None for the system, e.g. a console command). A user whose scope is not
    the whole province may only link procedures to agencies within his scope.
    """
    name, content = _read_source(source)
    result = ImportResult(format=format or detect_format(name) or "", dry_run=dry_run)
    issues, records, agency_ids = Issues(), [], {}
    if result.format not in FORMATS:
        issues.add(None, _("Chỉ nhận tệp .xlsx hoặc .json."))
    elif len(content) > MAX_IMPORT_BYTES:
        issues.add(None, _("Tệp lớn hơn %(size)d MB.") % {"size": MAX_IMPORT_BYTES // (1024 * 1024)})
    else:
        raws = FORMATS[result.format].read(content, issues)
        if not raws and not issues:
            issues.add(None, _("Tệp không có thủ tục nào."))
        records, agency_ids = _clean(raws, issues, actor)
    if issues:
        result.issues = _sorted(issues, result.format)
        return result
    current = {p.code: p for p in catalogue_queryset().filter(code__in=[r.code for r in records])}
    for record in records:
        status = _status(record, current.get(record.code))
        getattr(result, status).append(record.code)
    if not dry_run:
        with transaction.atomic():
            _apply(records, current, agency_ids, actor, source="import")
    return result


def _read_source(source) -> tuple[str, bytes]:
    if isinstance(source, str | Path):
        path = Path(source)
        return path.name, path.read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    return getattr(source, "name", "") or "", source.read()


def _sorted(issues: Issues, format: str) -> list[Issue]:
    if format != "xlsx":
        return list(issues)
    order = {title: index for index, title in enumerate(xlsx_format.SHEET_ORDER, start=1)}
    return sorted(issues, key=lambda issue: (order.get(issue.sheet, 0), issue.row or 0))


def _clean(raws: list[RawProcedure], issues: Issues, actor) -> tuple[list[ProcedureRecord], dict[str, int]]:
    """Check every row; return the records and the ids of the agencies they name."""
    cleaned = [(raw, clean_procedure(raw, issues)) for raw in raws]
    records = [record for _raw, record in cleaned if record is not None]
    codes = {code for raw in raws for code in agency_codes(raw)}
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=codes).only("pk", "code", "name")}
    allowed = None if _unrestricted(actor) else set(visible_agency_ids(actor))
    check_catalogue(cleaned, issues, agencies=agencies, allowed_agency_ids=allowed)
    if allowed is not None:
        _check_current_scope(cleaned, allowed, issues)
    return records, {code: agency.pk for code, agency in agencies.items()}


def _unrestricted(actor) -> bool:
    return actor is None or scope_of(actor).everything


def _check_current_scope(cleaned, allowed: set[int], issues: Issues) -> None:
    """A user with a limited scope may not change a procedure that other agencies handle too."""
    codes = [record.code for _raw, record in cleaned if record is not None]
    through = Procedure.agencies.through.objects.filter(procedure__code__in=codes).exclude(agency_id__in=allowed)
    outside = set(through.values_list("procedure__code", flat=True))
    for raw, record in cleaned:
        if record is not None and record.code in outside:
            issues.add(
                raw.row.location,
                _("Thủ tục %(code)s đang được giải quyết cả ở cơ quan ngoài phạm vi quản lý của bạn; không được sửa.")
                % {"code": record.code},
                "code",
            )


def _status(record: ProcedureRecord, procedure: Procedure | None) -> str:
    if procedure is None:
        return CREATED
    return UNCHANGED if record_of(procedure) == record else UPDATED


# --- one procedure --------------------------------------------------------------------------------


def save_procedure(data: dict, *, actor) -> Procedure:
    """Create or update (by code) one procedure from a dict in the JSON import format.

    Raises ``ValidationError`` with every problem (Vietnamese messages) and writes nothing when the data
    is bad.
    """
    issues = Issues()
    raw = json_format.read_procedure(data, 0, issues)
    records, agency_ids = _clean([raw] if raw else [], issues, actor)
    if issues:
        raise ValidationError([str(issue) for issue in issues])
    record = records[0]
    with transaction.atomic():
        current = {p.code: p for p in catalogue_queryset().select_for_update(of=("self",)).filter(code=record.code)}
        _apply(records, current, agency_ids, actor, source="api")
    return Procedure.objects.get(code=record.code)


def audit_change(procedure: Procedure, before: ProcedureRecord | None, *, actor, source: str = "admin") -> None:
    """Record a change made elsewhere (the Django admin) like an import does; call inside the transaction."""
    after = record_of(catalogue_queryset().get(pk=procedure.pk))
    if after != before:
        _announce([(procedure, before, after)], actor, source)


def delete_procedure(procedure: Procedure, *, actor) -> None:
    """Delete a procedure that no dossier refers to (``ProtectedError`` otherwise; deactivate it instead)."""
    with transaction.atomic():
        before = record_of(catalogue_queryset().get(pk=procedure.pk))
        pk = procedure.pk
        procedure.delete()
        procedure.pk = pk  # so the audit record and the event still name it
        publish("procedure.deleted", aggregate=procedure, payload={"code": procedure.code}, actor=actor)
        audit.record(
            actor=actor,
            action="procedure.deleted",
            target=procedure,
            before=before.summary(),
            summary=_("Xóa thủ tục %(code)s") % {"code": procedure.code},
        )


# --- writing --------------------------------------------------------------------------------------


def _apply(records, current: dict[str, Procedure], agency_ids: dict[str, int], actor, *, source: str) -> None:
    """Write the records that differ from the database, then their events and audit records (last)."""
    changes, sectors = [], {}
    for record in records:
        procedure = current.get(record.code)
        before = record_of(procedure) if procedure is not None else None
        if before == record:
            continue
        changes.append((_write(record, procedure, sectors, agency_ids), before, record))
    _announce(changes, actor, source)


def _announce(changes, actor, source: str) -> None:
    for procedure, before, _after in changes:
        topic = "procedure.updated" if before else "procedure.created"
        publish(topic, aggregate=procedure, payload={"code": procedure.code, "source": source}, actor=actor)
    for procedure, before, after in changes:
        old, new = _diff(before, after)
        audit.record(
            actor=actor,
            action="procedure.updated" if before else "procedure.created",
            target=procedure,
            before=old,
            after=new,
            summary=(_("Cập nhật thủ tục %(code)s") if before else _("Thêm thủ tục %(code)s")) % {"code": after.code},
        )


def _diff(before: ProcedureRecord | None, after: ProcedureRecord) -> tuple[dict | None, dict]:
    new = after.summary()
    if before is None:
        return None, new
    old = before.summary()
    keys = [key for key in new if old[key] != new[key]]
    return {key: old[key] for key in keys}, {key: new[key] for key in keys}


def _write(record: ProcedureRecord, procedure: Procedure | None, sectors: dict, agency_ids: dict) -> Procedure:
    procedure = procedure or Procedure(code=record.code)
    procedure.sector = _sector(record, sectors)
    for name in PLAIN_FIELDS:
        setattr(procedure, name, getattr(record, name))
    procedure.save()
    procedure.agencies.set([agency_ids[code] for code in record.agencies])
    _sync_documents(procedure, record.documents)
    Fee.objects.filter(procedure=procedure).delete()
    Fee.objects.bulk_create(
        [Fee(procedure=procedure, name=f.name, amount=f.amount, description=f.description) for f in record.fees]
    )
    ProcessStep.objects.filter(procedure=procedure).delete()
    ProcessStep.objects.bulk_create(
        [
            ProcessStep(
                procedure=procedure, order=s.order, name=s.name, role=s.role, unit_hint=s.unit_hint, duration=s.duration
            )
            for s in record.steps
        ]
    )
    return procedure


def _sector(record: ProcedureRecord, cache: dict) -> Sector:
    sector = cache.get(record.sector_code) or Sector.objects.filter(code=record.sector_code).first()
    if sector is None:
        sector = Sector.objects.create(code=record.sector_code, name=record.sector_name)
    elif sector.name != record.sector_name:
        sector.name = record.sector_name
        sector.save(update_fields=["name"])
    cache[record.sector_code] = sector
    return sector


def _sync_documents(procedure: Procedure, documents) -> None:
    """Update the documents in place, matched by name, so their form templates and the dossiers that
    point to them stay; add the new ones, delete the ones no longer listed."""
    existing: dict[str, list[RequiredDocument]] = {}
    for document in RequiredDocument.objects.filter(procedure=procedure).order_by("order", "pk"):
        existing.setdefault(normalize(document.name), []).append(document)
    for item in documents:
        matches = existing.get(normalize(item.name))
        document = matches.pop(0) if matches else RequiredDocument(procedure=procedure)
        values = {
            "order": item.order,
            "name": item.name,
            "form": item.form,
            "count": item.count,
            "is_mandatory": item.is_mandatory,
        }
        if document.pk is None or any(getattr(document, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(document, key, value)
            document.save()
    leftover = [document.pk for matches in existing.values() for document in matches]
    if leftover:
        RequiredDocument.objects.filter(pk__in=leftover).delete()


# --- export ---------------------------------------------------------------------------------------


def export_catalogue(format: str, *, queryset=None) -> bytes:
    """The catalogue (or the procedures of ``queryset``) as a JSON or XLSX file, ordered by code."""
    if format not in FORMATS:
        raise ValueError(f"Unknown catalogue format: {format!r}")
    procedures = catalogue_queryset()
    if queryset is not None:
        procedures = procedures.filter(pk__in=queryset.values("pk"))
    return FORMATS[format].write([record_of(p) for p in procedures.order_by("code")])


__all__ = [
    "ImportResult",
    "audit_change",
    "delete_procedure",
    "detect_format",
    "export_catalogue",
    "import_catalogue",
    "save_procedure",
]
