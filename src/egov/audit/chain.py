"""The hash chain: a canonical serialisation of an audit record and its SHA-256.

Each record's hash covers every field of the record (``prev_hash`` included), written as sorted-key
compact JSON. Values are normalised so that what the database gives back hashes to the same bytes as
what was written: JSON summaries go through ``normalise_json`` before they are stored, times are
written in UTC with microseconds, and a float with an integral value is written as an integer
(PostgreSQL's ``jsonb`` turns ``1e16`` into ``10000000000000000`` and ``-0.0`` into ``0``).
"""

import hashlib
import json
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = ""  # prev_hash of the first record

HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_display",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "object_display",
    "before",
    "after",
    "summary",
    "request_id",
    "prev_hash",
)


def normalise_json(value):
    """``value`` as it will come back from a JSON column (dates, decimals, UUIDs become strings)."""
    if value is None:
        return None
    return _integral_floats_to_int(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _integral_floats_to_int(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral_floats_to_int(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral_floats_to_int(item) for item in value]
    return value


def _utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(record) -> bytes:
    """The bytes that are hashed for ``record`` (an ``AuditRecord`` or any object with its fields)."""
    data = {name: getattr(record, name) for name in HASHED_FIELDS}
    data["at"] = _utc_iso(data["at"])
    data["before"] = _integral_floats_to_int(data["before"])
    data["after"] = _integral_floats_to_int(data["after"])
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def compute_hash(record) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()
