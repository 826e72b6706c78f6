"""The building blocks of every domain's transition table (dossiers, documents...).

A domain writes its table once as a tuple of ``Transition`` built with ``transition(...)``; services check
each state change with ``can`` and the UI and API offer what ``can`` allows.
"""

from dataclasses import dataclass


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


def transition(action, label, sources, target, roles, **flags) -> Transition:
    return Transition(action, label, tuple(sources), target, frozenset(roles), **flags)


def can(t: Transition, status: str, roles) -> bool:
    """``status`` is a source of ``t`` and one of ``roles`` may take it."""
    return status in t.sources and bool(t.roles & set(roles))
