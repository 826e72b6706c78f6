"""A province (OneStopWorld), the DVCQG simulator served by the live test server on loopback, and the real
HTTP client pointed at it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from egov.events.dispatcher import deliver_due
from egov.integrations.dvcqg import simulator, sync
from egov.integrations.dvcqg.client import HttpNationalPortalClient, set_client
from egov.integrations.dvcqg.models import SyncMessage


@pytest.fixture
def world(db):
    from dossiers.factories import OneStopWorld

    return OneStopWorld()


@pytest.fixture
def portal(live_server, settings, world):
    """The simulator on the live server; the connector enabled; a fresh client (new session) and seed."""
    base = live_server.url
    settings.DVCQG_ENABLED = True
    settings.DVCQG_SIMULATOR = True
    settings.DVCQG_ENDPOINT = f"{base}/mo-phong/dvcqg/api/"
    settings.DVCQG_AUTH_ENDPOINT = f"{base}/mo-phong/dvcqg/xac-thuc/"
    settings.DVCQG_ORGAN_ID = world.ubnd.code
    settings.DVCQG_RECEIVING_AGENCY = world.centre.code
    settings.DVCQG_SIMULATOR_FAILURE_RATE = 0
    settings.DVCQG_SIMULATOR_DELAY_MS = 0
    settings.DVCQG_TIMEOUT_SECONDS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    simulator.reset(settings.DVCQG_SIMULATOR_SEED)
    client = HttpNationalPortalClient()
    set_client(client)
    yield client
    set_client(None)


def file_on_portal(world, n: int = 1, **kwargs):
    """A citizen files the world's procedure on the simulated national portal."""
    return simulator.file_dossier(
        world.procedure,
        ma_ho_so=f"G22.99-251206-{n:06d}",
        applicant={"name": f"Lê Thị Quốc Gia {n}", "id_number": f"0011900{n:05d}", "phone": "0901234567"},
        fee_paid=200000,
        **kwargs,
    )


def drain(max_rounds: int = 300) -> int:
    """Queue every outbox event, then send until nothing is left: the back-off is skipped by moving each
    retry's due time to now (no sleeps). Returns the rounds used; fails when the bound is reached."""
    for rounds in range(1, max_rounds + 1):
        deliver_due()
        SyncMessage.objects.filter(state=SyncMessage.State.PENDING).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
        sync.send_due()
        if not SyncMessage.objects.exclude(state=SyncMessage.State.ACCEPTED).exists():
            return rounds
    raise AssertionError("the sync did not finish within the bound")
