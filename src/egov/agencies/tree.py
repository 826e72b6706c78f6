"""Read-side helpers for showing the agency tree in order (directory, admin choice lists)."""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from .models import Agency


class TreeRow(NamedTuple):
    agency: Agency
    depth: int


def tree_rows(agencies: Iterable[Agency]) -> list[TreeRow]:
    """``agencies`` in tree order, siblings by (sort_order, name); an agency whose parent is not among
    them is shown as a root. Works on any subset, in memory (one query for the caller's queryset)."""
    agencies = list(agencies)
    present = {a.pk for a in agencies}
    children: dict[int | None, list[Agency]] = defaultdict(list)
    for agency in agencies:
        children[agency.parent_id if agency.parent_id in present else None].append(agency)
    for siblings in children.values():
        siblings.sort(key=lambda a: (a.sort_order, a.name, a.pk))
    rows: list[TreeRow] = []
    stack = [(a, 0) for a in reversed(children[None])]
    while stack:
        agency, depth = stack.pop()
        rows.append(TreeRow(agency, depth))
        stack.extend((child, depth + 1) for child in reversed(children[agency.pk]))
    return rows


def ancestor_ids(agency: Agency) -> list[int]:
    """Ids of the agencies above ``agency``, root first, read from its path (no query)."""
    return [int(part) for part in agency.path.strip("/").split("/")[:-1] if part]


def tree_label(agency: Agency) -> str:
    """A choice-list label that tells apart the many "Văn phòng Sở": indented by depth, with the code."""
    return f"{'— ' * agency.depth}{agency.name} ({agency.code})"
