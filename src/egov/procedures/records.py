"""The catalogue file record: one procedure with everything the import/export formats carry.

Readers (JSON, XLSX) turn a file into ``ProcedureRecord`` objects; writers turn records into a file;
``services`` compares a record with ``record_of(procedure)`` to tell created, updated and unchanged
procedures apart. Form templates (uploaded files) are not part of the record: see docs/procedures-format.md.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from .models import Procedure


@dataclass(frozen=True)
class DocumentRecord:
    order: int
    name: str
    form: str
    count: int = 1
    is_mandatory: bool = True


@dataclass(frozen=True)
class FeeRecord:
    name: str
    amount: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class StepRecord:
    order: int
    name: str
    role: str
    duration: Decimal
    unit_hint: str = ""


@dataclass(frozen=True)
class ProcedureRecord:
    code: str
    name: str
    sector_code: str
    sector_name: str
    level: str
    competent_authority: str
    agencies: tuple[str, ...]  # OrganId codes, sorted
    processing_time: Decimal
    time_unit: str
    online_level: str
    legacy_level: int | None = None
    legal_basis: str = ""
    conditions: str = ""
    result_types: str = ""
    is_active: bool = True
    application_schema: dict = field(default_factory=dict, hash=False)
    documents: tuple[DocumentRecord, ...] = ()
    fees: tuple[FeeRecord, ...] = ()
    steps: tuple[StepRecord, ...] = ()

    def summary(self) -> dict:
        """A JSON-able dict of the record, for audit before/after."""
        return asdict(self)


# The plain fields a record copies to and from ``Procedure`` as they are.
PLAIN_FIELDS = (
    "name",
    "level",
    "competent_authority",
    "legal_basis",
    "conditions",
    "processing_time",
    "time_unit",
    "online_level",
    "legacy_level",
    "result_types",
    "is_active",
    "application_schema",
)


def catalogue_queryset():
    """Procedures with everything ``record_of`` reads, in a fixed number of queries."""
    return Procedure.objects.select_related("sector").prefetch_related(
        "agencies", "required_documents", "fees", "steps"
    )


def record_of(procedure: Procedure) -> ProcedureRecord:
    """The file record of a saved procedure (use ``catalogue_queryset`` to avoid a query per relation)."""
    return ProcedureRecord(
        code=procedure.code,
        sector_code=procedure.sector.code,
        sector_name=procedure.sector.name,
        agencies=tuple(sorted(agency.code for agency in procedure.agencies.all())),
        documents=tuple(
            DocumentRecord(order=d.order, name=d.name, form=d.form, count=d.count, is_mandatory=d.is_mandatory)
            for d in sorted(procedure.required_documents.all(), key=lambda d: (d.order, d.pk))
        ),
        fees=tuple(
            FeeRecord(name=f.name, amount=f.amount, description=f.description)
            for f in sorted(procedure.fees.all(), key=lambda f: f.pk)
        ),
        steps=tuple(
            StepRecord(order=s.order, name=s.name, role=s.role, duration=s.duration, unit_hint=s.unit_hint)
            for s in sorted(procedure.steps.all(), key=lambda s: s.order)
        ),
        **{name: getattr(procedure, name) for name in PLAIN_FIELDS},
    )
