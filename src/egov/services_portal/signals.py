"""Reactions to in-process signals of the shared apps (not outbox events: they must run in the sign-in)."""


def fill_profile_from_identity(sender, *, user, claims, **kwargs):
    from .services import profile_from_identity

    profile_from_identity(user, claims)
