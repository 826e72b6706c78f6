"""State changes of the agency tree: create, update, move, deactivate.

Each runs in one transaction and ends with its audit record (``actor``: the user acting, None for the
system). The demo loader (``demo.py``) seeds an empty database directly and records nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from egov.audit.services import record, snapshot

from .models import Agency

# Fields a caller may change through ``update_agency``; the tree position changes only through ``move_agency``.
EDITABLE_FIELDS = frozenset(
    {
        "code",
        "name",
        "abbreviation",
        "kind",
        "administrative_unit",
        "address",
        "phone",
        "email",
        "website",
        "sort_order",
    }
)


def _audit_view(agency: Agency) -> dict:
    return snapshot(agency, "code", "name", "abbreviation", "kind", "parent", "administrative_unit")


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Only {sorted(EDITABLE_FIELDS)} can be set here, not {sorted(unknown)}.")


def _check_parent(parent: Agency | None) -> None:
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": _("Cơ quan cấp trên đã ngừng hoạt động.")})


@transaction.atomic
def create_agency(
    *,
    code: str,
    name: str,
    abbreviation: str,
    kind: str,
    administrative_unit,
    parent: Agency | None = None,
    actor=None,
    **fields,
) -> Agency:
    """Create an agency (or a department when ``kind`` is ``department``) under ``parent``."""
    _check_fields(fields)
    _check_parent(parent)
    agency = Agency(
        code=code,
        name=name,
        abbreviation=abbreviation,
        kind=kind,
        administrative_unit=administrative_unit,
        parent=parent,
        **fields,
    )
    agency.full_clean()
    agency.save()
    record(actor=actor, action="agency.created", target=agency, after=_audit_view(agency), agency=agency)
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, actor=None, **fields) -> Agency:
    """Change an agency's own fields (not its place in the tree: see ``move_agency``)."""
    _check_fields(fields)
    before = snapshot(agency, *fields)
    for name, value in fields.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    record(
        actor=actor,
        action="agency.updated",
        target=agency,
        before=before,
        after=snapshot(agency, *fields),
        agency=agency,
    )
    return agency


@transaction.atomic
def move_agency(agency: Agency, new_parent: Agency | None, *, actor=None) -> Agency:
    """Put ``agency`` (with its whole subtree) under ``new_parent``; refuses to create a cycle.

    The paths of the subtree are rewritten with one UPDATE: every path starting with the old prefix gets
    the new prefix instead.
    """
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    if new_parent is not None:
        new_parent = Agency.objects.select_for_update().get(pk=new_parent.pk)
        if new_parent.path.startswith(locked.path):
            raise ValidationError(
                {"parent": _("Không thể chuyển một cơ quan vào chính nó hoặc đơn vị cấp dưới của nó.")}
            )
        _check_parent(new_parent)
    elif locked.kind == Agency.Kind.DEPARTMENT:
        raise ValidationError({"parent": _("Phòng, ban phải thuộc một cơ quan cấp trên.")})
    if locked.parent_id != (new_parent.pk if new_parent else None):
        old_path = locked.path
        new_path = Agency.tree_path(new_parent, locked.pk)
        Agency.objects.filter(pk=locked.pk).update(parent=new_parent)
        Agency.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=CharField())
        )
        record(
            actor=actor,
            action="agency.moved",
            target=locked,
            before={"parent": locked.parent_id, "path": old_path},
            after={"parent": new_parent.pk if new_parent else None, "path": new_path},
            agency=locked,
        )
    agency.refresh_from_db()
    return agency


@transaction.atomic
def deactivate_agency(agency: Agency, *, actor=None) -> int:
    """Mark the agency and everything below it as no longer operating; returns how many were changed.

    Rows are kept (documents, dossiers and officials still point to them); they leave the directory and
    the choice lists.
    """
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    closing = list(Agency.objects.subtree(locked).filter(is_active=True).values_list("pk", flat=True))
    if closing:
        Agency.objects.filter(pk__in=closing).update(is_active=False)
        record(
            actor=actor,
            action="agency.deactivated",
            target=locked,
            before={"is_active": True},
            after={"is_active": False, "agencies": closing},
            agency=locked,
        )
    agency.refresh_from_db(fields=["is_active"])
    return len(closing)
