"""Where an outgoing document goes, and how (Decree 30/2020, "Nơi nhận").

The "Nơi nhận" block lists the recipients, then "Lưu: VT, <drafting unit>": the copies the agency keeps. Those
are not recipients: they are kept apart (``OutgoingDocument.archive_copies``), never dispatched, never sent as
ToPlaces in edXML and never counted in "Số lượng bản". A line typed as "Lưu: VT, HCTP" among the recipients is
moved there.

Each recipient has its channel (``Dispatch.Method``): an agency on the platform gets its copy on the platform;
an external line is sent by edXML when an exchange peer recognises it (``RECIPIENT_CHANNELS``, registered by the
exchange app), by e-mail when it is an e-mail address, otherwise on paper (or the clerk's choice at issue).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from egov.core.registry import Registry

ARCHIVE_LINE = re.compile(r"^\s*[-–•+]?\s*Lưu\s*:?\s*", re.IGNORECASE)

# name → function(lines) returning {line: Dispatch.Method} for the lines that channel recognises.
RECIPIENT_CHANNELS: Registry[Callable[[list[str]], dict[str, str]]] = Registry("document recipient channels")


def is_archive_line(line: str) -> bool:
    return bool(ARCHIVE_LINE.match(line or ""))


def split_recipients(text: str) -> tuple[list[str], list[str]]:
    """(recipient lines, archive entries) of a "Nơi nhận" text: ``Lưu: VT, HCTP.`` gives ``["VT", "HCTP"]``."""
    recipients, archive = [], []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if is_archive_line(line):
            archive += archive_entries(ARCHIVE_LINE.sub("", line, count=1))
        else:
            recipients.append(line)
    return recipients, archive


def archive_entries(text: str) -> list[str]:
    """``VT, HCTP.`` → ``["VT", "HCTP"]``."""
    return [part.strip(" .;") for part in re.split(r"[,;\n]", text or "") if part.strip(" .;")]


def merge_archive(*parts: Iterable[str]) -> str:
    """The archive list as stored: entries joined by ", ", each once, in order."""
    seen: list[str] = []
    for part in parts:
        for entry in part:
            if entry and entry not in seen:
                seen.append(entry)
    return ", ".join(seen)


def is_email(line: str) -> bool:
    try:
        validate_email(line.strip())
    except ValidationError:
        return False
    return True


def external_channels(lines: list[str], *, default: str, email: str) -> dict[str, str]:
    """The channel of each external recipient line: a registered channel's, ``email`` for an address, else
    ``default`` (values of ``Dispatch.Method``; this module does not import the models)."""
    found: dict[str, str] = {}
    for resolve in RECIPIENT_CHANNELS.all():
        for line, method in resolve(lines).items():
            found.setdefault(line, method)
    return {line: found.get(line) or (email if is_email(line) else default) for line in lines}
