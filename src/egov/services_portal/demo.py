"""Demo profiles for the demo citizens (``egov demo``): their forms come prefilled. Idempotent."""

from datetime import date

from egov.accounts.models import User

from .models import CitizenProfile

PROFILES = {
    "congdan1": {"id_number": "099190000001", "date_of_birth": date(1990, 5, 12), "address": "Phường An Khánh"},
    "congdan2": {"id_number": "099185000002", "date_of_birth": date(1985, 9, 3), "address": "Phường Bình Minh"},
}


def load_demo() -> list:
    """Returns no demo accounts (the demo citizens come from the agencies' loader)."""
    for user in User.objects.applicants().filter(username__in=PROFILES):
        CitizenProfile.objects.get_or_create(user=user, defaults={**PROFILES[user.username], "is_verified": True})
    return []
