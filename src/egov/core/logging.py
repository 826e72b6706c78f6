"""Logging helpers for ``settings.LOGGING``: the console shows what an operator should read."""

import logging

ORDINARY = {400, 403, 404, 405}  # a refused or unknown request: one line, not a traceback


class OrdinaryClientErrors(logging.Filter):
    """``django.request`` logs a 403 (PermissionDenied) with its full traceback; for ordinary client errors keep
    the one line ("Forbidden (Permission denied): /van-ban/12/") and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.") and getattr(record, "status_code", None) in ORDINARY:
            record.exc_info = None
            record.exc_text = None
        return True
