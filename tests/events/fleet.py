"""Test-only handler and periodic job for the three-worker test (``test_events_fleet.py``), and the script that
runs ``egov worker`` with them: ``python fleet.py <worker options>``.

Both write to tables the test creates on PostgreSQL: a delivery row per event (the event id is the primary key,
so a second run of the handler for one event could not commit) and a row per run of the periodic job, each with
the process that did it.
"""

import os
import sys

TOPIC = "test.fleet"
HANDLER = "tests.fleet_record"
JOB = "tests.fleet_tick"
JOB_SECONDS = 1
DELIVERIES_TABLE = "test_fleet_deliveries"
TICKS_TABLE = "test_fleet_ticks"


def record_delivery(event):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {DELIVERIES_TABLE} (event_id, pid) VALUES (%s, %s)", [str(event.id), os.getpid()])
        cursor.execute("SELECT pg_sleep(0.005)")  # a handler does some work: the three workers share the backlog


def tick(now):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TICKS_TABLE} (claimed_at, pid) VALUES (%s, %s)", [now, os.getpid()])


def install_handler():
    from egov.events.registry import registry

    registry.register(record_delivery, TOPIC, name=HANDLER)


def install_job():
    from egov.events.periodic import every

    every(minutes=JOB_SECONDS / 60, name=JOB)(tick)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    import django

    django.setup()
    install_handler()
    install_job()
    from django.core.management import call_command

    call_command("worker", *sys.argv[1:])
