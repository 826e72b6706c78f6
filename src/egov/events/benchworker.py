"""A worker for the outbox benchmarks: ``egov worker`` with the bench's no-op handler registered."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from egov.events import bench
    from egov.events.registry import registry

    registry.register(bench._noop, bench.TOPIC, name=bench.HANDLER)
    call_command("worker", *sys.argv[1:])
