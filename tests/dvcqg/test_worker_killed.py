"""A sender killed in the middle of a sync call loses nothing: its claim expires, the message is sent again
and every status still reaches the portal in order."""

import os
import signal
import subprocess
import sys

from django.utils import timezone

from egov.events.dispatcher import deliver_due
from egov.integrations.dvcqg.models import SimCall, SyncMessage
from events.helpers import subprocess_env, wait_for

from .conftest import drain
from .test_sync import assert_arrived_in_sequence


def test_sender_killed_mid_sync_loses_nothing(portal, world, settings, live_server):
    desk = world.receive()
    from egov.dossiers import services

    services.request_supplement(desk, actor=world.officer, reason="Thiếu bản chụp")
    deliver_due()
    assert SyncMessage.objects.filter(dossier=desk).count() == 4
    settings.DVCQG_SIMULATOR_DELAY_MS = 3000  # the portal is slow: the sender is killed while it waits
    child = subprocess.Popen(
        [sys.executable, "-m", "egov", "dvcqg", "send"],
        env=subprocess_env(
            EGOV_DVCQG_ENABLED=1,
            EGOV_DVCQG_ENDPOINT=settings.DVCQG_ENDPOINT,
            EGOV_DVCQG_AUTH_ENDPOINT=settings.DVCQG_AUTH_ENDPOINT,
            EGOV_OUTBOX_LEASE_SECONDS=1,
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        claimed = wait_for(
            lambda: (
                SyncMessage.objects.filter(dossier=desk, seq=1).exclude(locked_by="").exists()
                or child.poll() is not None
            )
        )
        assert claimed and child.poll() is None, child.communicate()[0].decode(errors="replace")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    head = SyncMessage.objects.get(dossier=desk, seq=1)
    assert head.state == SyncMessage.State.PENDING and head.attempts == 1 and head.locked_by
    assert not head.tries.exists()  # the dead sender recorded nothing
    settings.DVCQG_SIMULATOR_DELAY_MS = 0
    assert wait_for(lambda: timezone.now() > head.locked_until, timeout=10)
    drain()
    head.refresh_from_db()
    assert head.state == SyncMessage.State.ACCEPTED and head.attempts == 2
    assert_arrived_in_sequence(desk)  # the killed call may have reached the portal: a repeat, never a reorder
    assert SimCall.objects.filter(ma_ho_so=desk.code, service="DongBoHoSoMC").last().status == 5
