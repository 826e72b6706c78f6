"""Work files (hồ sơ công việc): plan, open, add documents, close (read-only afterwards)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from egov.audit.services import record
from egov.core.transitions import Lifecycle, apply
from egov.events.services import publish

from ..models import IncomingDocument, WorkFile
from ..transitions import WORK_FILE, WorkFileStatus
from .common import MESSAGES, DocumentError, check_role

ALL_ROLES = {"specialist", "department_head", "agency_leader", "clerk"}


def plan_file(*, actor, year: int, code: str, title: str, retention: str, unit=None, owner=None, note="") -> WorkFile:
    """Add a file to the agency's plan of files for ``year`` (status planned)."""
    check_role(actor, ALL_ROLES)
    if not (code or "").strip() or not (title or "").strip() or not (retention or "").strip():
        raise DocumentError(_("Cần nhập số và ký hiệu, tiêu đề và thời hạn bảo quản của hồ sơ."))
    official = actor.official
    try:
        with transaction.atomic():
            work_file = WorkFile.objects.create(
                agency=official.agency,
                unit=unit or official.unit,
                year=year,
                code=code.strip(),
                title=title.strip(),
                retention=retention.strip(),
                owner=owner or actor,
                note=note,
            )
            _audit(work_file, "plan", actor)
    except IntegrityError:
        raise DocumentError(
            _("Ký hiệu hồ sơ %(code)s đã có trong danh mục năm %(year)s.") % {"code": code, "year": year}
        )
    return work_file


def open_file(work_file: WorkFile, *, actor, now=None) -> WorkFile:
    def change(f, now):
        f.opened_at = now

    return _apply(work_file, "open", actor, now, change)


def add_document(work_file: WorkFile, document, *, actor, now=None) -> WorkFile:
    """Put an incoming or outgoing document of the same agency into the open file."""
    model = type(document)
    if not model.objects.for_user(actor).filter(pk=document.pk, agency=work_file.agency_id).exists():
        raise DocumentError(_("Văn bản không thuộc cơ quan của hồ sơ hoặc bạn không có quyền xem văn bản."))

    def change(f, now):
        (f.incoming if model is IncomingDocument else f.outgoing).add(document)

    return _apply(work_file, "add_document", actor, now, change)


def close_file(work_file: WorkFile, *, actor, now=None) -> WorkFile:
    def change(f, now):
        f.closed_at = now

    return _apply(work_file, "close", actor, now, change)


def _not_closed(work_file, t) -> None:
    if work_file.status == WorkFileStatus.CLOSED and t.action != "close":
        raise DocumentError(_("Hồ sơ đã đóng, không được thay đổi."))


def _snapshot(work_file) -> dict:
    return {"status": work_file.status, "code": work_file.code, "year": work_file.year}


LIFECYCLE = Lifecycle(
    model=WorkFile,
    table=WORK_FILE,
    topic="document.work_file",
    error=DocumentError,
    messages=MESSAGES,
    snapshot=_snapshot,
    agency=lambda f: f.agency,
    guard=_not_closed,
)


def _apply(work_file, action, actor, now, change):
    return apply(LIFECYCLE, work_file, action, actor, now=now, change=change)


def _audit(work_file, action, actor):
    after = _snapshot(work_file)
    publish(f"document.work_file.{action}", aggregate=work_file, payload=after, actor=actor)
    record(actor=actor, action=f"document.work_file.{action}", target=work_file, after=after, agency=work_file.agency)


__all__ = ["add_document", "close_file", "open_file", "plan_file"]
