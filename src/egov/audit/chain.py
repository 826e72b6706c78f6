"""Hashes of the audit log: each record's content hash, the Merkle root of a sealed batch, a seal's hash.

A record's hash covers every field of the record, written as sorted-key compact JSON. Values are normalised
so that what the database gives back hashes to the same bytes as what was written: JSON summaries go through
``normalise_json`` before they are stored, times are written in UTC with microseconds, and a float with an
integral value is written as an integer (PostgreSQL's ``jsonb`` turns ``1e16`` into ``10000000000000000`` and
``-0.0`` into ``0``).

Records written before decision 0006 (``seq`` set) were chained one by one: their hash also covers ``seq`` and
``prev_hash`` (``LEGACY_FIELDS``). Records written since carry only their own content hash (``CONTENT_FIELDS``)
and are tied into the log by the seals: a seal holds the Merkle root (RFC 6962 shape) of the leaves
``H(0x00 || id || hash)`` of the records of its id range, in id order, and the hash of the previous seal.
"""

import hashlib
import json
from datetime import UTC, datetime
from json.encoder import encode_basestring  # type: ignore[attr-defined]

from django.core.serializers.json import DjangoJSONEncoder

_string = encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str

GENESIS_HASH = ""  # prev_hash of the first legacy record and of the first seal

CONTENT_FIELDS = (
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
)
LEGACY_FIELDS = ("seq", *CONTENT_FIELDS, "prev_hash")
HASHED_FIELDS = LEGACY_FIELDS  # the name used before decision 0006
# The columns ``record_hash_from_row`` reads, in this order.
ROW_FIELDS = ("id", "hash", *LEGACY_FIELDS)


class Broken(Exception):  # noqa: N818 - a finding, not a programming error
    """A check of the log failed: ``reason`` says how, ``record_id`` or ``seal`` where when known."""

    def __init__(self, reason: str, *, record_id: int | None = None, seal: int | None = None):
        super().__init__(reason)
        self.reason, self.record_id, self.seal = reason, record_id, seal


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


def _dumps(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _canonical_dict(data: dict, *, at_text: bool = False) -> bytes:
    if data.get("seq") is None:  # a record written since 0006: its content only
        data.pop("seq", None)
        data.pop("prev_hash", None)
    if not at_text:
        data["at"] = _utc_iso(data["at"])
    data["before"] = _integral_floats_to_int(data["before"])
    data["after"] = _integral_floats_to_int(data["after"])
    return _dumps(data)


def canonical(record) -> bytes:
    """The bytes that are hashed for ``record`` (an ``AuditRecord`` or any object with its fields)."""
    return _canonical_dict({name: getattr(record, name) for name in LEGACY_FIELDS})


def compute_hash(record) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def hash_row(values) -> str:
    """The content hash of a row read as ``values_list(*LEGACY_FIELDS)`` (the fast path of verify)."""
    return hashlib.sha256(_canonical_dict(dict(zip(LEGACY_FIELDS, values, strict=True)))).hexdigest()


def _json_from_text(text: str | None):
    if text is None:
        return None
    value = json.loads(text)
    return _integral_floats_to_int(value) if "." in text else value  # PostgreSQL writes no exponents


def _json_or_null(value) -> str:
    return "null" if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _int_or_null(value) -> str:
    return "null" if value is None else str(int(value))


def hash_text_row(values) -> str:
    """The content hash of a row read as text by PostgreSQL (``verify.PG_ROWS``): ``at`` already in the
    canonical UTC ISO form, ``before``/``after`` as JSON text. The same bytes as ``canonical``, written out
    field by field for a record without ``seq`` (sorted keys), which is what makes verify fast."""
    seq, at, actor_id, actor_display, agency_id, action, o_type, o_id, o_display, before, after, summary, req, _p = (
        values
    )
    if seq is None:
        text = "".join(
            (
                '{"action":',
                _string(action),
                ',"actor_display":',
                _string(actor_display),
                ',"actor_id":',
                _int_or_null(actor_id),
                ',"after":',
                _json_or_null(_json_from_text(after)),
                ',"agency_id":',
                _int_or_null(agency_id),
                ',"at":',
                _string(at),
                ',"before":',
                _json_or_null(_json_from_text(before)),
                ',"object_display":',
                _string(o_display),
                ',"object_id":',
                _string(o_id),
                ',"object_type":',
                _string(o_type),
                ',"request_id":',
                _string(req),
                ',"summary":',
                _string(summary),
                "}",
            )
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    data = dict(zip(LEGACY_FIELDS, values, strict=True))
    data["before"] = _json_from_text(data["before"])
    data["after"] = _json_from_text(data["after"])
    if data.get("seq") is None:
        data.pop("seq", None)
        data.pop("prev_hash", None)
    return hashlib.sha256(_dumps(data)).hexdigest()


# --- Merkle tree (RFC 6962 §2.1: leaves 0x00-prefixed, nodes 0x01-prefixed, left subtree a power of two) ---


def leaf_hash(record_id: int, record_hash: str) -> bytes:
    try:
        digest = bytes.fromhex(record_hash)
    except ValueError:
        digest = record_hash.encode("utf-8")  # not a hash at all: still a leaf, the root will not match
    return hashlib.sha256(b"\x00" + record_id.to_bytes(8, "big", signed=True) + digest).digest()


def merkle_root(leaves: list[bytes]) -> str:
    """The root of ``leaves`` (already leaf-hashed), hex; the hash of nothing for an empty list.

    Built bottom-up, an odd last node moving up unchanged: the same root as RFC 6962's recursive split.
    """
    if not leaves:
        return hashlib.sha256(b"").hexdigest()
    level = leaves
    while len(level) > 1:
        paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


SEAL_FIELDS = ("number", "after_id", "last_id", "count", "total", "root", "prev_hash", "sealed_at")


def seal_hash(seal) -> str:
    """The hash of a seal (an ``AuditSeal`` or any object with ``SEAL_FIELDS``)."""
    data = {name: getattr(seal, name) for name in SEAL_FIELDS}
    data["sealed_at"] = _utc_iso(data["sealed_at"])
    return hashlib.sha256(_dumps(data)).hexdigest()
