"""Every state change of a document: one function each, one transaction each, with its trail row, its
audit record and its outbox event. Views, API and commands call these; nothing else writes ``status``."""

from .common import DocumentError
from .incoming import (
    DuplicateDocumentWarning,
    IncomingData,
    assign,
    find_duplicates,
    finish_part,
    mark_done,
    open_part_of,
    present,
    reassign_within_unit,
    record_progress,
    register_incoming,
    register_received,
)
from .outgoing import (
    add_comment,
    add_version,
    approve_step,
    create_draft,
    current_reviewer_role,
    issue,
    recall,
    return_for_revision,
    set_recipients,
    submit_for_review,
)
from .workfiles import add_document, close_file, open_file, plan_file

__all__ = [
    "DocumentError",
    "DuplicateDocumentWarning",
    "IncomingData",
    "add_comment",
    "add_document",
    "close_file",
    "open_file",
    "plan_file",
    "add_version",
    "approve_step",
    "assign",
    "create_draft",
    "current_reviewer_role",
    "find_duplicates",
    "finish_part",
    "open_part_of",
    "set_recipients",
    "issue",
    "mark_done",
    "present",
    "reassign_within_unit",
    "recall",
    "record_progress",
    "register_incoming",
    "register_received",
    "return_for_revision",
    "submit_for_review",
]
