"""Demo data for ``egov demo``: each app may provide ``egov.<app>.demo.load_demo()``.

A loader is idempotent (running it again changes nothing) and returns the demo sign-ins it created
(objects with ``username``, ``password``, ``role`` and ``agency``) or an empty list.
"""

from importlib import import_module

from django.apps import apps
from django.db import transaction


def load_all() -> list:
    accounts = []
    for config in apps.get_app_configs():
        if not config.name.startswith("egov."):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        loader = getattr(module, "load_demo", None)
        if loader is not None:
            with transaction.atomic():
                accounts.extend(loader() or [])
    return accounts
