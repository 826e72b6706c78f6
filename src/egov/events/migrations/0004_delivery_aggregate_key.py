"""Deliveries carry their event's aggregate (per-aggregate order in the claim), and on PostgreSQL a new
delivery wakes the workers listening on ``egov_outbox`` (statement trigger: no extra round trip)."""

from django.db import migrations, models
from django.db.models import Q

CHANNEL = "egov_outbox"

CREATE_TRIGGER = f"""
CREATE OR REPLACE FUNCTION events_delivery_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '');
    RETURN NULL;
END $$;
CREATE TRIGGER events_delivery_notify AFTER INSERT ON events_delivery
    FOR EACH STATEMENT EXECUTE FUNCTION events_delivery_notify();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS events_delivery_notify ON events_delivery;
DROP FUNCTION IF EXISTS events_delivery_notify();
"""


def backfill(apps, schema_editor):
    Delivery = apps.get_model("events", "Delivery")
    for delivery in Delivery.objects.exclude(status="done").select_related("event").iterator():
        event = delivery.event
        if event.aggregate_type or event.aggregate_id:
            delivery.aggregate_key = f"{event.aggregate_type}:{event.aggregate_id}"[:200]
            delivery.save(update_fields=["aggregate_key"])


def trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_worker_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="aggregate_key",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="đối tượng"),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=Q(status="pending"), fields=["next_attempt_at", "id"], name="events_delivery_queue_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=~Q(status="done"),
                fields=["handler", "aggregate_key", "id"],
                name="events_delivery_order_idx",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(trigger, drop_trigger),
    ]
