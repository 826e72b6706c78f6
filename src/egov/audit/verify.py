"""``egov audit verify``: prove that no audit record was changed, removed, added or moved (decision 0006).

Every seal is checked in order: its number follows the previous one, its range starts where the previous one
ended, ``prev_hash`` is the previous seal's hash and its own hash matches its fields. Every record of its range
is read in id order: its content must hash to its stored hash (else: changed), and the Merkle root of the
range's ``(id, hash)`` leaves and the count must match the seal (else: a record was removed, added into the
sealed range or moved). Records after the last seal are checked by their content hash only until sealed.
Records of the old one-by-one chain (``seq`` set) must also keep their ``seq``/``prev_hash`` links.

Someone with write access to the database could recompute every hash and every seal: only a signed checkpoint
kept outside the database (``checkpoints.py``, ``--checkpoints DIR``) detects that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

from .chain import GENESIS_HASH, LEGACY_FIELDS, Broken, hash_row, hash_text_row, leaf_hash, merkle_root, seal_hash
from .models import AuditRecord, AuditSeal

PG_ROWS = (
    "SELECT id, hash, seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), actor_id,"
    " actor_display, agency_id, action, object_type, object_id, object_display, before::text, after::text,"
    " summary, request_id, prev_hash FROM audit_auditrecord WHERE id > %s AND id <= %s ORDER BY id LIMIT %s"
)


@dataclass(frozen=True)
class VerifyResult:
    checked: int  # records whose content hash was checked
    seals: int = 0  # seals checked
    sealed: int = 0  # records covered by those seals
    unsealed: int = 0  # records after the last seal (content hash checked only)
    checkpoints: int = 0  # signed checkpoints matched
    broken_id: int | None = None  # the record found broken, when one is named
    broken_seal: int | None = None  # the seal found broken, when one is named
    reason: str = ""
    head: dict = field(default_factory=dict)  # {"seal", "total", "hash"} of the last seal checked

    @property
    def ok(self) -> bool:
        return not self.reason


class _Walk:
    """State of one verification: counts, the old chain's links, the seals seen."""

    def __init__(self, chunk_size: int):
        self.chunk_size = max(1, chunk_size)
        self.checked = self.seals = self.sealed = self.unsealed = 0
        self.legacy_seq, self.legacy_hash = 1, GENESIS_HASH
        self.heads: dict[int, tuple[str, int]] = {}  # seal number -> (hash, total)
        self.hasher = hash_text_row if connection.vendor == "postgresql" else hash_row

    def records(self, after_id: int, last_id: int | None):
        """``(id, hash, *LEGACY_FIELDS)`` rows with ``after_id < id <= last_id``, by keyset pages."""
        if connection.vendor == "postgresql":
            yield from self._pg_records(after_id, last_id)
            return
        while True:
            query = AuditRecord.objects.filter(id__gt=after_id)
            if last_id is not None:
                query = query.filter(id__lte=last_id)
            page = list(query.order_by("id").values_list("id", "hash", *LEGACY_FIELDS)[: self.chunk_size])
            if not page:
                return
            yield from page
            after_id = page[-1][0]

    def _pg_records(self, after_id: int, last_id: int | None):
        """The same rows read as text (``at`` in the canonical form, JSON unparsed): the fast path."""
        upper = last_id if last_id is not None else 2**63 - 1
        with connection.cursor() as cursor:
            while True:
                cursor.execute(PG_ROWS, [after_id, upper, self.chunk_size])
                page = cursor.fetchall()
                if not page:
                    return
                yield from page
                after_id = page[-1][0]

    def check_record(self, row) -> None:
        record_id, stored, values = row[0], row[1], row[2:]
        if self.hasher(values) != stored:
            raise Broken(_("Mã băm không khớp: nội dung bản ghi đã bị sửa."), record_id=record_id)
        seq, prev_hash = values[0], values[-1]
        if seq is not None:
            if seq != self.legacy_seq:
                raise Broken(
                    _("Chuỗi cũ: thiếu bản ghi số %(missing)d ngay trước bản ghi này (đã bị xóa?).")
                    % {"missing": self.legacy_seq},
                    record_id=record_id,
                )
            if prev_hash != self.legacy_hash:
                raise Broken(_("Chuỗi cũ: liên kết bị đứt, mã băm bản ghi trước không khớp."), record_id=record_id)
            self.legacy_seq, self.legacy_hash = seq + 1, stored
        self.checked += 1

    def check_seal(self, seal: AuditSeal, previous: AuditSeal | None) -> None:
        number = previous.number + 1 if previous else 1
        if seal.number != number:
            raise Broken(_("Thiếu niêm phong số %(n)d (đã bị xóa?).") % {"n": number}, seal=seal.number)
        if seal.after_id != (previous.last_id if previous else 0) or seal.prev_hash != (
            previous.hash if previous else GENESIS_HASH
        ):
            raise Broken(_("Niêm phong không nối tiếp niêm phong trước."), seal=seal.number)
        if seal_hash(seal) != seal.hash or seal.total != (previous.total if previous else 0) + seal.count:
            raise Broken(_("Mã băm niêm phong không khớp: niêm phong đã bị sửa."), seal=seal.number)
        leaves = []
        for row in self.records(seal.after_id, seal.last_id):
            self.check_record(row)
            leaves.append(leaf_hash(row[0], row[1]))
        if len(leaves) != seal.count or merkle_root(leaves) != seal.root:
            raise Broken(
                _(
                    "Niêm phong có %(sealed)d bản ghi, nay tìm thấy %(found)d; gốc Merkle không khớp: bản ghi trong "
                    "khoảng đã niêm phong bị xóa, thêm vào hoặc đổi thứ tự."
                )
                % {"sealed": seal.count, "found": len(leaves)},
                seal=seal.number,
            )
        self.seals += 1
        self.sealed += seal.count
        self.heads[seal.number] = (seal.hash, seal.total)

    def run(self) -> AuditSeal | None:
        previous = None
        for seal in _seals(self.chunk_size):
            self.check_seal(seal, previous)
            previous = seal
        for row in self.records(previous.last_id if previous else 0, None):
            self.check_record(row)
            self.unsealed += 1
        return previous


def _seals(chunk_size: int):
    after = 0
    while True:
        page = list(AuditSeal.objects.filter(number__gt=after).order_by("number")[:chunk_size])
        if not page:
            return
        yield from page
        after = page[-1].number


def verify_chain(chunk_size: int = 1000, checkpoints: Path | str | None = None) -> VerifyResult:
    """Check every seal and every record (see the module docstring); with ``checkpoints``, also that every
    signed checkpoint in that directory verifies and names a seal that is still there, unchanged."""
    walk = _Walk(chunk_size)
    matched = 0
    try:
        last = walk.run()
        if checkpoints is not None:
            from .checkpoints import match_checkpoints

            matched = match_checkpoints(Path(checkpoints), walk.heads)
    except Broken as broken:
        return VerifyResult(
            walk.checked,
            walk.seals,
            walk.sealed,
            walk.unsealed,
            matched,
            broken.record_id,
            broken.seal,
            broken.reason,
        )
    head = {"seal": last.number, "total": last.total, "hash": last.hash} if last else {}
    return VerifyResult(walk.checked, walk.seals, walk.sealed, walk.unsealed, matched, head=head)
