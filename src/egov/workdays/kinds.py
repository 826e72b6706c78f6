"""The small vocabulary every workdays module shares: the kinds of a calendar day and ``CalendarError``.

It imports nothing from the app, so ``calendar``, ``loader`` and ``national`` all import it without a cycle
(``national`` → ``loader`` → ``kinds``; ``calendar`` → ``national``).
"""

DAY_OFF = "day_off"
WORKING_DAY = "working_day"


class CalendarError(ValueError):
    """Bad calendar configuration or bad arguments; the message is Vietnamese, for the user."""
