"""Walking the hash chain to prove that no audit record was changed, removed or cut off."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .chain import GENESIS_HASH, compute_hash
from .models import AuditRecord, ChainHead


@dataclass(frozen=True)
class VerifyResult:
    checked: int  # records whose hash and link were checked
    broken_seq: int | None = None  # the first record found broken (None when the chain is intact)
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(chunk_size: int = 1000) -> VerifyResult:
    """Check every record up to the chain head, in ``seq`` order, ``chunk_size`` rows at a time."""
    head = ChainHead.objects.filter(pk=1).first()
    head_seq = head.seq if head else 0
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for entry in _walk(head_seq, chunk_size):
        reason = _problem(entry, expected_seq, prev_hash)
        if reason:
            return VerifyResult(checked, entry.seq, entry.pk, reason)
        expected_seq, prev_hash, checked = entry.seq + 1, entry.hash, checked + 1
    if head is None and AuditRecord.objects.exists():
        return VerifyResult(checked, expected_seq, None, _("Thiếu bản ghi đầu chuỗi."))
    if checked != head_seq or (head is not None and head.hash != prev_hash):
        return VerifyResult(
            checked,
            head_seq,
            None,
            _("Chuỗi bị cắt: đầu chuỗi ghi bản ghi số %(head)d nhưng bản ghi cuối tìm thấy là số %(last)d.")
            % {"head": head_seq, "last": expected_seq - 1},
        )
    return VerifyResult(checked)


def _walk(up_to_seq: int, chunk_size: int):
    """Records with seq <= ``up_to_seq`` in order, by keyset pages: memory stays constant."""
    last = 0
    while True:
        page = list(AuditRecord.objects.filter(seq__gt=last, seq__lte=up_to_seq).order_by("seq")[:chunk_size])
        if not page:
            return
        yield from page
        last = page[-1].seq


def _problem(entry: AuditRecord, expected_seq: int, prev_hash: str) -> str:
    if entry.seq != expected_seq:
        return _("Thiếu bản ghi số %(missing)d ngay trước bản ghi này (đã bị xóa?).") % {"missing": expected_seq}
    if entry.prev_hash != prev_hash:
        return _("Liên kết chuỗi bị đứt: mã băm bản ghi trước không khớp.")
    if compute_hash(entry) != entry.hash:
        return _("Mã băm không khớp: nội dung bản ghi đã bị sửa.")
    return ""
