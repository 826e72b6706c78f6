"""The one transition engine of every domain (dossiers, documents, feedback, meetings, plans, cms, exchange).

A domain writes two things:

* its **table**, ``TransitionTable`` of ``transition(...)`` rows: who (roles) may take which action from which
  statuses to which status. The UI and API offer ``table.available_actions(status, roles)``; nothing else
  decides what may happen to a record;
* its **lifecycle**, a ``Lifecycle``: the model, the table, the audit/event topic and a few hooks (snapshot,
  trail row, authorisation, target, payload).

Every state change then goes through ``apply(lifecycle, obj, action, actor, ...)``, which does, in one
transaction and in this order::

    lock the row → check (status is a source, note given, actor may: roles via the table, scope) →
    change (status, then the caller's ``change``) → save → trail row (hook) → outbox event → audit record

The audit record is written last, as ``audit.services`` asks (appending holds the chain head's lock until
commit). ``SYSTEM_ACTOR`` is the platform itself (a verified payment notification, a recall from a peer): it
may take only rows whose roles include ``SYSTEM``, and is recorded as "no user".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

SAME = "same"  # the transition keeps the status (re-assignment, a new version, an intermediate approval)
SYSTEM = "system"  # the role of the platform itself: such rows are never offered to a user


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    pauses_clock: bool = False
    resumes_clock: bool = False
    needs_note: bool = False  # a reason is required (refusal, supplement, stop, recall...)
    event: str = ""  # the trail/audit/outbox name when it is not ``action`` (exchange: send → "sent")

    @property
    def name(self) -> str:
        return self.event or self.action


def transition(action, label, sources, target, roles, **flags) -> Transition:
    return Transition(action, label, tuple(sources), target, frozenset(roles), **flags)


def can(t: Transition, status: str, roles) -> bool:
    """``status`` is a source of ``t`` and one of ``roles`` may take it."""
    return status in t.sources and bool(t.roles & set(roles))


class TransitionTable:
    """The rows of one lifecycle, read as a table (iterable like the tuple it replaces):
    ``TransitionTable(transition(...), transition(...), ...)``."""

    def __init__(self, *rows: Transition):
        self.rows: tuple[Transition, ...] = rows
        self.by_action: dict[str, Transition] = {}
        for row in self.rows:
            if row.action in self.by_action:
                raise ValueError(f"duplicate action {row.action!r} in a transition table")
            self.by_action[row.action] = row

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, action: object) -> bool:
        return action in self.by_action

    def __getitem__(self, action: str) -> Transition:
        return self.by_action[action]

    def transition_for(self, action: str) -> Transition | None:
        return self.by_action.get(action)

    def available_actions(self, status: str, roles) -> list[Transition]:
        """The rows ``roles`` may take from ``status``, in table order."""
        return [t for t in self.rows if can(t, status, roles)]

    def may(self, action: str, status: str, roles) -> bool:
        return can(self.by_action[action], status, roles)

    def label(self, action: str, default: str | None = None) -> str:
        row = self.by_action.get(action)
        return row.label if row else (action if default is None else default)

    @property
    def statuses(self) -> frozenset[str]:
        return frozenset(s for t in self.rows for s in (*t.sources, t.target) if s != SAME)


class _SystemActor:
    """The platform acting on its own; holds exactly the ``SYSTEM`` role and is audited as no user."""

    pk = None
    is_official = False
    is_authenticated = False
    role_codes = frozenset({SYSTEM})

    def has_role(self, *roles) -> bool:
        return SYSTEM in roles

    def __repr__(self) -> str:
        return "SYSTEM_ACTOR"


SYSTEM_ACTOR = _SystemActor()


class Skip(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a ``check`` hook: nothing to do (e.g. a payment already recorded); ``apply`` changes nothing."""


def user_or_none(actor):
    """The user to audit: ``None`` for the system actor, an anonymous user or nobody."""
    return actor if getattr(actor, "pk", None) else None


@dataclass
class Step:
    """What the trail hook receives: one applied transition."""

    obj: Any
    transition: Transition
    from_status: str
    actor: Any
    now: Any
    note: str
    moved: bool  # the status was a source (False: ``outside_sources="keep"`` recorded a change only)
    before: dict = field(default_factory=dict)  # the snapshot taken before the change
    extra: dict = field(default_factory=dict)

    @property
    def action(self) -> str:
        return self.transition.name


@dataclass(frozen=True)
class Messages:
    """The user-facing refusals of one domain (Vietnamese msgids, lazily translated)."""

    wrong_status: str  # %(action)s, %(status)s
    needs_note: str  # %(action)s
    no_role: str
    out_of_scope: str


@dataclass(frozen=True)
class Lifecycle:
    """How one domain applies its table. Only ``model``, ``table``, ``topic`` and ``error`` are required."""

    model: type
    table: TransitionTable
    topic: str  # "dossier" → "dossier.accept" (audit action and outbox topic); or "plans.submission_{action}"
    error: type[Exception]
    messages: Messages | None = None
    field: str = "status"
    related: tuple[str, ...] = ()  # foreign keys fetched with the locked row (only that row is locked)
    snapshot: Callable[[Any], dict] | None = None  # before/after of the audit record; default {field: value}
    payload: Callable[[Any, dict], dict] | None = None  # the outbox payload from (obj, after); default after
    agency: Callable[[Any], Any] | None = None  # the audit record's agency; default the record's own rule
    trail: Callable[[Step], None] | None = None  # writes the domain's trail row (handover, step...)
    target: Callable[[Any, Transition, Any], str] | None = None  # (locked, t, now) → new status; default rule
    roles: Callable[[Any, Any], Iterable[str]] | None = None  # (locked, actor) → table roles; default account
    scope: Callable[[Any, Any], bool] | None = None  # (locked, actor) → may see it; default for_user
    authorize: Callable[[Any, Transition, Any], bool] | None = None  # extra pass (the dossier's applicant)
    guard: Callable[[Any, Transition], None] | None = None  # first check on the locked row (read-only states)
    audit_note: bool = False  # the note goes into the audit record's ``after`` (domains without a trail)
    summary: Callable[[Any], str] | None = None  # the audit record's one-line summary
    event: str = ""  # the outbox topic when it differs from the audit action, e.g. "exchange.message.{action}"

    def topic_for(self, t: Transition) -> str:
        return self.topic.format(action=t.name) if "{action}" in self.topic else f"{self.topic}.{t.name}"

    def event_for(self, t: Transition) -> str:
        return self.event.format(action=t.name) if self.event else self.topic_for(t)

    def snapshot_of(self, obj) -> dict:
        return self.snapshot(obj) if self.snapshot else {self.field: getattr(obj, self.field)}


def _fail(lifecycle: Lifecycle, message: str | None, fallback: str, obj=None, t: Transition | None = None):
    text = str(message) if message else fallback
    params = {"action": t.label if t else "", "status": _status_display(obj, lifecycle.field) if obj else ""}
    raise lifecycle.error(text % params)


def check_actor(lifecycle: Lifecycle, obj, t: Transition, actor) -> None:
    """The actor may take ``t`` on ``obj``: the system actor only system rows; a user by role and scope."""
    m = lifecycle.messages
    if actor is SYSTEM_ACTOR:
        if SYSTEM not in t.roles:
            _fail(lifecycle, m and m.no_role, "not a system transition", obj, t)
        return
    if lifecycle.authorize and lifecycle.authorize(obj, t, actor):
        return
    if lifecycle.roles is not None:
        roles = set(lifecycle.roles(obj, actor))
    elif actor is not None and getattr(actor, "is_official", False):
        roles = {r for r in t.roles if actor.has_role(r)}
    else:
        roles = set()
    if not (t.roles & roles):
        _fail(lifecycle, m and m.no_role, "role not allowed", obj, t)
    in_scope = lifecycle.scope or (lambda o, a: type(o).objects.for_user(a).filter(pk=o.pk).exists())
    if not in_scope(obj, actor):
        _fail(lifecycle, m and m.out_of_scope, "out of scope", obj, t)


def check_note(lifecycle: Lifecycle, t: Transition, note: str) -> None:
    if t.needs_note and not (note or "").strip():
        _fail(lifecycle, lifecycle.messages and lifecycle.messages.needs_note, "a note is required", None, t)


def _target(lifecycle: Lifecycle, obj, t: Transition, now) -> str:
    if lifecycle.target:
        return lifecycle.target(obj, t, now)
    return getattr(obj, lifecycle.field) if t.target == SAME else t.target


def _status_display(obj, field_name: str) -> str:
    display = getattr(obj, f"get_{field_name}_display", None)
    return display() if display else getattr(obj, field_name)


def apply(
    lifecycle: Lifecycle,
    obj,
    action: str,
    actor,
    *,
    now=None,
    note: str = "",
    change: Callable[[Any, Any], None] | None = None,
    check: Callable[[Any], None] | None = None,
    outside_sources: str = "refuse",
    related: tuple[str, ...] | None = None,
    **trail,
):
    """Apply ``action`` to ``obj`` (lock → check → change → trail → outbox → audit) and return ``obj`` refreshed.

    ``check(locked)`` runs on the locked row before anything changes (raise the domain's error to refuse, or
    ``Skip`` when there is nothing to do);
    ``change(locked, now)`` after the status is set. ``outside_sources="keep"``: when the status is not a
    source, record ``change`` under this action keeping the status (a fact the system learns at any time,
    e.g. an online payment) instead of refusing. ``related`` replaces the lifecycle's for this call. Extra
    keyword arguments reach the trail hook (``Step.extra``).
    """
    from django.utils import timezone

    t = lifecycle.table[action]
    now = now or timezone.now()
    check_note(lifecycle, t, note)
    try:
        related = lifecycle.related if related is None else related
        _apply(lifecycle, obj, t, actor, now, note, change, check, outside_sources, related, trail)
    except Skip:
        pass
    if obj.pk is not None:
        obj.refresh_from_db()
    return obj


def _apply(lifecycle, obj, t, actor, now, note, change, check, outside_sources, related, trail):
    from django.db import transaction

    from egov.audit.services import record
    from egov.events.services import publish

    name = lifecycle.field
    with transaction.atomic():
        rows = lifecycle.model.objects.all()
        if related:
            rows = rows.select_related(*related).select_for_update(of=("self",))
        else:
            rows = rows.select_for_update()
        locked = rows.get(pk=obj.pk)
        if lifecycle.guard:
            lifecycle.guard(locked, t)
        from_status = getattr(locked, name)
        moved = from_status in t.sources
        if not moved and outside_sources != "keep":
            m = lifecycle.messages
            _fail(lifecycle, m and m.wrong_status, "cannot %(action)s from %(status)s", locked, t)
        check_actor(lifecycle, locked, t, actor)
        if check:
            check(locked)
        before = lifecycle.snapshot_of(locked)
        if moved:
            setattr(locked, name, _target(lifecycle, locked, t, now))
        if change:
            change(locked, now)
        locked.save()
        if lifecycle.trail:
            lifecycle.trail(Step(locked, t, from_status, actor, now, note, moved, before, trail))
        after = lifecycle.snapshot_of(locked)
        if lifecycle.audit_note:
            after["note"] = note
        topic = lifecycle.topic_for(t)
        user = user_or_none(actor)
        payload = lifecycle.payload(locked, after) if lifecycle.payload else after
        publish(lifecycle.event_for(t), aggregate=locked, payload=payload, actor=user)
        extra = {"agency": lifecycle.agency(locked)} if lifecycle.agency else {}
        if lifecycle.summary:
            extra["summary"] = lifecycle.summary(locked)
        record(actor=user, action=topic, target=locked, before=before, after=after, **extra)
