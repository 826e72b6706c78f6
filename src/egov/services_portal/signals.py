"""Reactions to in-process signals of the shared apps (not outbox events: they must run in the sign-in)."""


def accounts_declaring(sender, *, id_number, **kwargs):
    from .models import CitizenProfile

    return [p.user for p in CitizenProfile.objects.filter(id_number=id_number).select_related("user")]


def fill_profile_from_identity(sender, *, user, claims, **kwargs):
    from .services import profile_from_identity

    profile_from_identity(user, claims)
