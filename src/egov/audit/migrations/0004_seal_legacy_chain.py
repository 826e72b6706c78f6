"""Seal the records of the old one-by-one chain (decision 0006), after checking them against the old head.

The old chain head (``ChainHead``) is the only thing that noticed records cut off the end of the old chain;
before it goes (0005), the records must end where it says, and are then sealed in batches like new ones
(every record there is: nothing writes to the log while migrations run).
"""

from django.db import migrations
from django.utils import timezone

from egov.audit.seal import seal_from_rows

BATCH = 10_000


def seal_existing(apps, schema_editor):
    AuditRecord = apps.get_model("audit", "AuditRecord")
    AuditSeal = apps.get_model("audit", "AuditSeal")
    ChainHead = apps.get_model("audit", "ChainHead")
    head = ChainHead.objects.filter(pk=1).first()
    chained = AuditRecord.objects.filter(seq__gt=0)
    if head is not None and head.seq:
        last = chained.order_by("-seq").values_list("seq", "hash").first()
        if last != (head.seq, head.hash):
            raise RuntimeError(
                f"The audit chain ends at {last} but its head says {(head.seq, head.hash)}: run 'egov audit verify' "
                "with the previous version and investigate before migrating."
            )
    if AuditSeal.objects.exists():
        return
    previous, after_id, now = None, 0, timezone.now()
    while True:
        rows = list(
            AuditRecord.objects.filter(id__gt=after_id).order_by("id").values_list("id", "hash")[:BATCH]
        )
        if not rows:
            return
        previous = seal_from_rows(previous, rows, now, model=AuditSeal)
        after_id = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_seals")]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
