"""Ratings given on DVCQG reach our satisfaction figures; the reconciliation finds status differences."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from egov.integrations.dvcqg import intake, ratings
from egov.integrations.dvcqg.models import NationalDossier, SimDossier
from egov.services_portal.models import Rating

from .conftest import drain, file_on_portal
from .test_sync import handle_to_the_end


def test_rating_on_dvcqg_becomes_our_rating_once(portal, world):
    sim = file_on_portal(world)
    intake.poll()
    dossier = NationalDossier.objects.get().dossier
    handle_to_the_end(world, dossier)
    SimDossier.objects.filter(pk=sim.pk).update(rating=5)
    assert ratings.pull_ratings() == 1
    assert ratings.pull_ratings() == 0
    rating = Rating.objects.get()
    assert rating.dossier == dossier and rating.score == 5 and rating.user is None


def test_reconcile_lists_a_dossier_whose_national_status_differs(portal, world, client):
    sim = file_on_portal(world)
    intake.poll()
    dossier = NationalDossier.objects.get().dossier
    handle_to_the_end(world, dossier)
    drain()
    day = timezone.localdate()
    out = StringIO()
    call_command("dvcqg", "reconcile", "--date", day.isoformat(), stdout=out)
    assert "0 lệch trạng thái" in out.getvalue() and "p50" in out.getvalue()

    SimDossier.objects.filter(pk=sim.pk).update(status=4)  # the portal lost our last update
    out = StringIO()
    call_command("dvcqg", "reconcile", "--date", day.isoformat(), stdout=out)
    assert "1 lệch trạng thái" in out.getvalue() and f"{sim.ma_ho_so}: tỉnh 10, quốc gia 4" in out.getvalue()

    from egov.accounts.models import Role
    from factories import StaffUserFactory

    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    page = client.get(f"/quan-tri/dvcqg/doi-soat/?ngay={day.isoformat()}").content.decode()
    assert sim.ma_ho_so in page and "p50" in page
