"""The one mechanism that scopes staff queries to what a user's agency and roles may see.

A model that holds agency-owned records uses ``AgencyScopedQuerySet`` (or ``.as_manager()``) and
names the agency foreign keys that own a row in ``agency_scope_fields`` (default ``("agency",)``).
Views, API and reports call ``Model.objects.for_user(user)`` and never filter by agency
themselves. Who sees what is decided by ``user.agency_scope`` (see ``accounts.models.User``); the
matrix is written in ``docs/permissions.md``.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    roots: tuple[str, ...] = ()  # agency tree paths whose subtrees are visible

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.roots


NOTHING = Scope()
EVERYTHING = Scope(everything=True)


def scope_of(user) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return NOTHING
    return getattr(user, "agency_scope", NOTHING)


def visible_agencies(user):
    """The agencies ``user`` may see, as a queryset."""
    from .models import Agency

    scope = scope_of(user)
    if scope.everything:
        return Agency.objects.all()
    query = models.Q(pk__in=[])
    for root in scope.roots:
        query |= models.Q(path__startswith=root)
    return Agency.objects.filter(query)


def visible_agency_ids(user) -> list[int]:
    """Ids of the agencies ``user`` may see; computed once per user object (one query)."""
    cached = getattr(user, "_egov_visible_agency_ids", None)
    if cached is None:
        cached = list(visible_agencies(user).values_list("pk", flat=True))
        try:
            user._egov_visible_agency_ids = cached
        except AttributeError:
            pass
    return cached


class AgencyScopedQuerySet(models.QuerySet):
    """Base queryset for agency-owned records: ``Model.objects.for_user(user)``."""

    def for_user(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        ids = visible_agency_ids(user)
        query = models.Q()
        for field in getattr(self.model, "agency_scope_fields", ("agency",)):
            query |= models.Q(**{f"{field}__in": ids})
        return self.filter(query)
