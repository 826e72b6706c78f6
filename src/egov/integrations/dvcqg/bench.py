"""Benchmark ``egov bench dvcqg-sync``: dossier status updates delivered to the DVCQG simulator per second
through the whole path (event published with the change → outbox delivery → sync message queued in
order → sent by the HTTP client → attempt recorded; other subscribers of dossier events are paused),
against the bare HTTP client posting the same
``DongBoHoSoMC`` payloads to the same simulator, in the same run. The simulator is the Django stack on a
loopback WSGI server (one sender, sequential calls, like the worker)."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from egov.agencies.models import AdministrativeUnit, Agency
from egov.core.benchmarking import BenchContext, Measurement, loopback_server, scenario
from egov.dossiers.models import Dossier
from egov.events.dispatcher import deliver_due
from egov.events.registry import registry
from egov.events.services import publish
from egov.procedures.models import Procedure, Sector

from . import sync
from .client import HttpNationalPortalClient, set_client
from .models import SyncMessage

STEPS = [2, 4, 4, 9, 10]
TOPIC = "dossier.bench_step"  # national statuses reported per dossier


def _seed(count: int) -> list[Dossier]:
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="95", defaults={"name": "Tỉnh Đo Đồng Bộ", "level": AdministrativeUnit.Level.PROVINCE}
    )
    agency, _ = Agency.objects.get_or_create(
        code="000.00.20.D95",
        defaults={
            "name": "Trung tâm PVHCC",
            "abbreviation": "TT",
            "kind": Agency.Kind.SERVICE_CENTER,
            "administrative_unit": unit,
        },
    )
    sector, _ = Sector.objects.get_or_create(code="BENCH-DVCQG", defaults={"name": "Lĩnh vực đo"})
    procedure, _ = Procedure.objects.get_or_create(
        code="9.DVCQG",
        defaults={
            "name": "Thủ tục đo đồng bộ",
            "sector": sector,
            "level": Procedure.Level.PROVINCE,
            "competent_authority": "Sở thử",
            "processing_time": Decimal(5),
            "time_unit": Procedure.TimeUnit.WORKING_DAYS,
            "online_level": Procedure.OnlineLevel.FULL,
        },
    )
    now = timezone.now()
    start = Dossier.objects.count()
    return Dossier.objects.bulk_create(
        Dossier(
            code=f"000.00.20.D95-260101-{start + i:05d}",
            procedure=procedure,
            status="received",
            receiving_agency=agency,
            handling_agency=agency,
            current_unit=agency,
            applicant_name=f"Người đo {i}",
            applicant_id_number=f"0019000{i:05d}",
            received_at=now,
            due_at=now + timedelta(days=7),
        )
        for i in range(count)
    )


def _publish_steps(dossiers):
    for status in STEPS:
        for d in dossiers:
            with transaction.atomic():
                publish(TOPIC, aggregate=d, payload={"national_status": status, "code": d.code})


@scenario("dvcqg-sync", unit="updates/s", baseline="bare HTTP client, same payloads")
def dvcqg_sync(ctx: BenchContext) -> Measurement:
    """Status updates to the DVCQG simulator through the outbox and the ordered sync queue."""
    dossiers = _seed(ctx.n(60))
    n = len(dossiers) * len(STEPS)
    saved = {k: getattr(settings, k) for k in ("DVCQG_ENABLED", "DVCQG_SIMULATOR", "DVCQG_SIMULATOR_FAILURE_RATE")}
    settings.DVCQG_ENABLED = settings.DVCQG_SIMULATOR = True
    settings.DVCQG_SIMULATOR_FAILURE_RATE = 0
    # Only the connector's handler listens during the run (the reports' facts refresh is measured elsewhere).
    others = [h for h in registry.handlers_for(TOPIC) if h.name != sync.HANDLER]
    for handler in others:
        registry.unregister(handler.name)
    phases: dict = {}
    try:
        with loopback_server() as base:
            client = HttpNationalPortalClient(
                endpoint=f"{base}/mo-phong/dvcqg/api/", auth_endpoint=f"{base}/mo-phong/dvcqg/xac-thuc/"
            )
            set_client(client)
            client.session()

            def through_outbox():
                phases["publish"] = ctx.timed(lambda: _publish_steps(dossiers))
                phases["queue"] = ctx.timed(deliver_due)
                phases["send"] = ctx.timed(lambda: phases.setdefault("sent", sync.send_due(client=client)))
                assert phases.pop("sent") == n

            measured = n / ctx.timed(through_outbox)
            payloads = [m.payload for m in SyncMessage.objects.order_by("pk")[:n]]
            assert not SyncMessage.objects.exclude(state=SyncMessage.State.ACCEPTED).exists()

            def bare():
                for payload in payloads:
                    client.sync_dossier(payload)

            baseline = n / ctx.timed(bare)
    finally:
        for handler in others:
            registry.register(handler.func, *handler.patterns, name=handler.name)
        set_client(None)
        for key, value in saved.items():
            setattr(settings, key, value)
    split = ", ".join(f"{k} {v:.1f} s" for k, v in phases.items())
    return Measurement(measured=measured, baseline=baseline, note=f"{n} updates, {len(dossiers)} dossiers; {split}")
