"""The organisation chart of an introduction page, read from the agency directory in two queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from egov.agencies.models import Agency, Official
from egov.agencies.tree import tree_rows


@dataclass
class ChartNode:
    agency: Agency
    depth: int
    leaders: list = field(default_factory=list)
    focal_points: list = field(default_factory=list)


def organisation_chart(root: Agency, max_depth: int = 2) -> list[ChartNode]:
    """``root`` and the active agencies below it (down to ``max_depth``) in tree order, each with its
    leaders and focal officials (public directory data: names, positions, work phone and e-mail)."""
    agencies = [a for a in Agency.objects.active().subtree(root) if a.depth - root.depth <= max_depth]
    officials = (
        Official.objects.filter(agency__path__startswith=root.path, is_active=True)
        .select_related("position")
        .order_by("position__rank", "full_name")
    )
    by_unit = defaultdict(list)
    for official in officials:
        by_unit[official.department_id or official.agency_id].append(official)
    nodes = []
    for row in tree_rows(agencies):
        people = by_unit.get(row.agency.pk, [])
        nodes.append(
            ChartNode(
                agency=row.agency,
                depth=row.depth,
                leaders=[o for o in people if o.position.is_leader],
                focal_points=[o for o in people if o.is_focal_point and not o.position.is_leader],
            )
        )
    return nodes
