"""The inboxes of the workspace: which dossiers wait for this user's next step.

Rows are scoped by ``Dossier.objects.for_user`` (the one scoping mechanism); a box then keeps the dossiers
in a status from which the user's roles allow the box's actions (read from the transition table) and that
sit with the user: at his desk (``receiving_agency``), in his in-tray (``current_unit``: his agency, his
department, or a department of his agency) or, for a specialist, in his own hands (``current_handler``).
This is not a second scoping: it only chooses, among the rows ``for_user`` returns, the work of each box.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import AGENCY_WIDE_ROLES, Role
from egov.agencies.models import Agency
from egov.agencies.scoping import scope_of

from ..models import Dossier
from ..transitions import BY_ACTION, CLOCK_RUNNING, DOSSIER_ROLE_SOURCES, SOLE_OFFICER, STAND_IN_HEAD, UNIT_SPECIALIST

DESK, UNIT, HANDLER = "desk", "unit", "handler"
HEADLESS_UNIT = "headless_unit"  # in the user's units, and the unit has no department head
WORKFLOW_ROLES = frozenset(
    {Role.ONESTOP_OFFICER, Role.CLERK, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST}
)


@dataclass(frozen=True)
class Box:
    key: str
    url_name: str
    title: str
    description: str
    roles: tuple[str, ...] = ()  # who sees the box; () = every staff user
    work: tuple[tuple[str, str], ...] = ()  # (action, where the dossier must sit); () = no work filter
    overdue_only: bool = False
    oldest_first: bool = False  # by submission time (new dossiers have no appointment yet)


BOXES: tuple[Box, ...] = (
    Box(
        "receive",
        "dossiers:receive",
        _("Tiếp nhận"),
        _("Hồ sơ nộp trực tuyến và hồ sơ liên thông chờ tiếp nhận; tiếp nhận hồ sơ trực tiếp."),
        (Role.ONESTOP_OFFICER, Role.CLERK),
        (("accept", DESK), ("accept_transfer", UNIT)),
        oldest_first=True,
    ),
    Box(
        "process",
        "dossiers:process",
        _("Cần xử lý"),
        _("Hồ sơ đang ở đơn vị hoặc được giao cho bạn."),
        (Role.ONESTOP_OFFICER, Role.CLERK, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST),
        (
            ("assign", UNIT),
            ("transfer", UNIT),
            ("assign_specialist", UNIT),
            ("pick_up", UNIT),
            ("handle", UNIT),
            ("submit_for_approval", UNIT),
            ("resubmit", DESK),
            ("confirm_payment", DESK),
        ),
    ),
    Box(
        "assign",
        "dossiers:assign",
        _("Chờ phân công"),
        _("Hồ sơ chờ chuyển phòng chuyên môn, phân công chuyên viên hoặc nhận thụ lý."),
        (Role.ONESTOP_OFFICER, Role.CLERK, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST),
        (("assign", UNIT), ("assign_specialist", UNIT), ("pick_up", UNIT), ("handle", UNIT)),
    ),
    Box(
        "approve",
        "dossiers:approve",
        _("Chờ phê duyệt"),
        _("Hồ sơ trình lãnh đạo phê duyệt."),
        (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD),
        (("approve", UNIT), ("send_back", UNIT)),
    ),
    Box(
        "return",
        "dossiers:return",
        _("Chờ trả kết quả"),
        _("Hồ sơ đã có kết quả, chờ trả cho người nộp."),
        (Role.ONESTOP_OFFICER,),
        (("return_result", DESK),),
    ),
    Box("overdue", "dossiers:overdue", _("Quá hạn"), _("Hồ sơ đã quá hạn hẹn trả."), overdue_only=True),
    Box("all", "dossiers:search", _("Tra cứu hồ sơ"), _("Mọi hồ sơ trong phạm vi của bạn.")),
)
BOX_BY_KEY = {box.key: box for box in BOXES}


def box_roles(user) -> frozenset[str]:
    """The workflow roles a user acts with; system administrators and superusers act with all of them."""
    if user.is_superuser or user.has_role(Role.SYSTEM_ADMIN):
        return WORKFLOW_ROLES
    roles = user.role_codes
    # the dossier roles the account may hold (which dossiers: see ``_work_condition``)
    return roles | {role for role, sources in DOSSIER_ROLE_SOURCES.items() if sources & roles}


def work_unit_ids(user) -> list[int] | None:
    """The units whose desk or in-tray is the user's: his agency and department, and for agency-wide roles
    the departments of his agency (not the organisations below it: a provincial leader does not work the
    Sở's in-trays). ``None`` means every unit (system administrators). One query, kept on the user."""
    if scope_of(user).everything:
        return None
    cached = getattr(user, "_egov_work_unit_ids", None)
    if cached is not None:
        return cached
    official = user.official
    ids = []
    if official is not None:
        units = Q(pk__in=[official.agency_id, official.department_id or official.agency_id])
        if user.role_codes & AGENCY_WIDE_ROLES:
            units |= Q(parent_id=official.agency_id, kind=Agency.Kind.DEPARTMENT)
        ids = list(Agency.objects.filter(units).values_list("pk", flat=True))
    user._egov_work_unit_ids = ids
    return ids


def _in_my_units(field: str, user) -> Q:
    ids = work_unit_ids(user)
    if ids is None:
        return Q(**{f"{field}__isnull": False})
    return Q(**{f"{field}__in": ids})


def _work_condition(box: Box, user, now) -> Q | None:
    """Where the box's dossiers are, or None when the user's roles allow none of its actions.

    One OR term per place (desk, unit, own hands) with all its statuses: fewer, more selective terms
    than one per action, which lets the database use its (place, status, due_at) indexes.
    """
    roles = box_roles(user)
    statuses_at: dict[str, set[str]] = {}
    for action, where in box.work:
        transition = BY_ACTION[action]
        allowed = transition.roles & roles
        if not allowed:
            continue
        if allowed <= {Role.SPECIALIST, SOLE_OFFICER}:
            place = HANDLER  # a specialist (or a sole officer) works on his own dossiers
        elif allowed <= {STAND_IN_HEAD, UNIT_SPECIALIST}:
            place = HEADLESS_UNIT  # in a head's place: only where the unit has none
        else:
            place = where
        statuses_at.setdefault(place, set()).update(transition.sources)
    condition = None
    for place, statuses in sorted(statuses_at.items()):
        part = Q(status__in=sorted(statuses)) & _placed(place, user)
        condition = part if condition is None else condition | part
    return condition


def _placed(place: str, user) -> Q:
    if place == HANDLER:
        return Q(current_handler=user)
    if place == HEADLESS_UNIT:
        from egov.accounts.models import User

        heads = User.objects.filter(
            is_active=True,
            roles__role=Role.DEPARTMENT_HEAD,
            official__is_active=True,
            official__department=OuterRef("current_unit"),
        )
        return _in_my_units("current_unit", user) & ~Exists(heads)
    return _in_my_units("receiving_agency" if place == DESK else "current_unit", user)


def box_condition(box: Box, user, now) -> Q | None:
    """The box's rows among ``for_user``'s as one condition (None: the user's roles can use none of it)."""
    condition = Q()
    if box.work:
        condition = _work_condition(box, user, now)
        if condition is None:
            return None
    if box.overdue_only:
        condition &= Q(status__in=sorted(CLOCK_RUNNING), due_at__lt=now)
    return condition


TILE_BOXES = ("receive", "assign", "approve", "return", "overdue")


def workspace_tiles(user, now):
    """The workspace home's dossier tiles: counts of the boxes the user can use, in one aggregate query."""
    from django.db.models import Count
    from django.urls import reverse

    from egov.core.tiles import Tile

    conditions = {}
    for box in boxes_for(user):
        if box.key in TILE_BOXES and (condition := box_condition(box, user, now)) is not None:
            conditions[box.key] = condition
    if not conditions:
        return []
    counts = Dossier.objects.for_user(user).aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )
    return [
        Tile(f"dossiers.{box.key}", box.title, counts[box.key], reverse(box.url_name), alert=box.overdue_only)
        for box in BOXES
        if box.key in conditions
    ]


def box_queryset(box: Box, user, now):
    """The scoped, ordered dossiers of ``box`` for ``user`` (no filters, no pagination)."""
    queryset = Dossier.objects.for_user(user)
    condition = box_condition(box, user, now)
    if condition is None:
        return queryset.none()
    queryset = queryset.filter(condition)
    if box.oldest_first:
        return queryset.order_by("submitted_at", "id")
    if box.key == "all":
        return queryset.order_by("-submitted_at", "-id")
    return queryset.order_by(F("due_at").asc(nulls_last=True), "id")


def boxes_for(user) -> list[Box]:
    from egov.accounts.decorators import user_has_role

    return [box for box in BOXES if user_has_role(user, *box.roles)]
