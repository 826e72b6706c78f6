"""The console log: one line for an ordinary 403/404, no Wagtail page chatter."""

import logging

from django.conf import settings

from egov.core.logging import OrdinaryClientErrors


def _record(status_code):
    try:
        raise PermissionError("không có quyền")
    except PermissionError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/x/",), exc_info)
    record.status_code = status_code
    return record


def test_ordinary_client_errors_lose_their_traceback_server_errors_keep_it():
    formatter = logging.Formatter()
    forbidden = _record(403)
    assert OrdinaryClientErrors().filter(forbidden)
    assert formatter.format(forbidden) == "Forbidden: /x/"
    failure = _record(500)
    assert OrdinaryClientErrors().filter(failure)
    assert "Traceback" in formatter.format(failure)


def test_the_console_uses_the_filter_and_wagtail_speaks_only_of_problems():
    assert "ordinary_client_errors" in settings.LOGGING["handlers"]["console"]["filters"]
    assert settings.LOGGING["loggers"]["wagtail"]["level"] == "WARNING"
    assert logging.getLogger("wagtail").getEffectiveLevel() >= logging.WARNING
