"""``egov worker`` with the handler of outbox_kill_handlers.py registered; arguments go to the command."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django  # noqa: E402

django.setup()

import outbox_kill_handlers  # noqa: E402, F401  (registers the handler)
from django.core.management import call_command  # noqa: E402

call_command("worker", *sys.argv[1:])
