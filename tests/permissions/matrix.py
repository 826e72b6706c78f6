"""The declared permission matrix: who may read what, through which channel. ``docs/permissions.md`` (the
section between the ``permission-matrix`` markers) is generated from this table; ``test_permission_matrix``
checks the application against it and the document against it.

Users: a system administrator; every other demo role in agency A (unit roles in A's department) and again in a
second agency B; the citizen who owns the object; another citizen; an anonymous visitor. Every object below
belongs to agency A.
"""

from dataclasses import dataclass

ROLES = ("agency_admin", "agency_leader", "clerk", "onestop_officer", "department_head", "specialist")
UNIT_ROLES = ("department_head", "specialist")
USERS = (
    "system_admin",
    *(f"A.{role}" for role in ROLES),
    *(f"B.{role}" for role in ROLES),
    "citizen.owner",
    "citizen.other",
    "anonymous",
)
A_WIDE = frozenset({"A.agency_admin", "A.agency_leader", "A.clerk", "A.onestop_officer"})
ADMIN = frozenset({"system_admin"})
A_UNIT = frozenset({"A.department_head", "A.specialist"})
NOBODY = frozenset()
EVERYONE = frozenset(USERS)

# Channels: "file" = /tep/<token>/ of the object's file, "page" = its staff page, "api" = its API detail,
# "portal" = the citizen portal's page.
CHANNELS = ("file", "page", "api", "portal")


@dataclass(frozen=True)
class Row:
    key: str
    model: str  # app_label.ModelName
    label: str
    read: dict  # channel -> frozenset of users who may read through it
    also: tuple = ()  # other models whose permission the row exercises (the owner of the file's owner)


ROWS = (
    Row(
        "incoming",
        "documents.IncomingDocument",
        "Văn bản đến (thường)",
        {"file": ADMIN | A_WIDE, "page": ADMIN | A_WIDE, "api": ADMIN | A_WIDE},
    ),
    Row(
        "incoming_secret",
        "documents.IncomingDocument",
        "Văn bản đến (mật), không ai có quyền xem văn bản mật",
        {"file": NOBODY, "page": NOBODY, "api": NOBODY},
    ),
    Row(
        "outgoing",
        "documents.OutgoingDocument",
        "Văn bản đi (dự thảo do phòng của cơ quan A soạn)",
        {"file": ADMIN | A_WIDE | A_UNIT, "page": ADMIN | A_WIDE | A_UNIT, "api": ADMIN | A_WIDE | A_UNIT},
    ),
    Row(
        "work_file",
        "documents.WorkFile",
        "Hồ sơ công việc (của phòng thuộc cơ quan A)",
        {"page": ADMIN | A_WIDE | A_UNIT},
    ),
    Row(
        "dossier_paper",
        "dossiers.DossierPaper",
        "Thành phần hồ sơ một cửa (tệp quét)",
        {"file": ADMIN | A_WIDE | {"citizen.owner"}, "page": ADMIN | A_WIDE, "portal": frozenset({"citizen.owner"})},
        also=("dossiers.Dossier",),
    ),
    Row(
        "dossier_result",
        "dossiers.DossierResult",
        "Kết quả giải quyết hồ sơ",
        {"file": ADMIN | A_WIDE | {"citizen.owner"}},
    ),
    Row(
        "plan_evidence",
        "plans.PlanIndicator",
        "Minh chứng chỉ tiêu kế hoạch CNTT",
        {"file": ADMIN | A_WIDE},
    ),
    Row(
        "feedback",
        "feedback.Submission",
        "Tệp kèm phản ánh, kiến nghị",
        {"file": ADMIN | A_WIDE},
    ),
    Row(
        "stored_paper",
        "services_portal.StoredPaper",
        "Kho dữ liệu cá nhân của công dân",
        {"file": frozenset({"citizen.owner"})},
    ),
    Row(
        "form_template",
        "procedures.RequiredDocument",
        "Mẫu đơn, tờ khai của thủ tục (công khai)",
        {"file": EVERYONE},
    ),
    Row(
        "unheld_upload",
        "attachments.Attachment",
        "Tệp công dân vừa tải lên, chưa thuộc hồ sơ nào",
        {"file": frozenset({"citizen.owner"})},
    ),
)

# Models with an agency foreign key that the matrix does not (yet) exercise, each with the reason. A new model
# with an agency foreign key fails ``test_every_model_with_an_agency_is_in_the_matrix`` until it is added to
# ROWS or here.
NOT_IN_MATRIX = {
    "agencies.Agency": "the agency tree itself (public directory)",
    "agencies.Official": "covered by tests/agencies/test_scoping.py (property test of for_user)",
    "audit.AuditRecord": "admin log, scoped by for_user; tests/audit",
    "audit.SecurityEvent": "admin log, scoped by for_user; tests/audit",
    "procedures.Procedure": "public catalogue",
    "dossiers.Handover": "rows of a dossier's history, shown only on the dossier's page",
    "dossiers.DailyCounter": "internal numbering counter, no page",
    "services_portal.ApplicationDraft": "the citizen's own draft, filtered by owner in the portal",
    "signatures.Certificate": "certificates of officials, admin only",
    "documents.DocumentRegister": "internal register counter",
    "documents.Assignment": "rows of an incoming document, shown on its page",
    "documents.Dispatch": "rows of an outgoing document, shown on its page",
    "documents.TrailEntry": "rows of a document's history, shown on its page",
    "exchange.ExchangeMessage": "inter-agency messages, admin pages scoped by for_user",
    "meetings.WorkSchedule": "TODO: published schedules are public",
    "meetings.ScheduleEntry": "rows of a schedule",
    "cms.AgencySiteHomePage": "Wagtail pages, public once published",
    "cms.IntroductionPage": "Wagtail pages, public once published",
    "cms.LegalDocument": "public once published (cms tests)",
    "cms.GazetteIssue": "public once published (cms tests)",
    "cms.ProcurementItem": "public once published (cms tests)",
    "feedback.Question": "proxy of feedback.Submission",
    "feedback.Feedback": "proxy of feedback.Submission",
    "feedback.SubmissionStep": "rows of a submission's history",
    "feedback.Consultation": "public once opened",
    "reports.DailyFact": "aggregates, no row pages",
    "reports.Target": "aggregates, no row pages",
    "reports.ManualScore": "aggregates, no row pages",
    "plans.ItPlan": "TODO: plan pages (the evidence file row covers its scope)",
    "plans.PlanProject": "rows of a plan",
    "plans.PlanTask": "rows of a plan",
    "plans.ReportSchedule": "TODO: periodic report schedules",
    "plans.ReportSubmission": "TODO: report submissions",
    "tasks.Task": "TODO: no task page yet (issue 18); the list is scoped by for_user (tests/tasks)",
    "tasks.TaskProgress": "rows of a task",
    "api.Partner": "system admin pages only (tests/api/test_partner_pages.py); partner tokens: tests/api",
}

DOC_START = "<!-- permission-matrix:start (generated from tests/permissions/matrix.py; do not edit) -->"
DOC_END = "<!-- permission-matrix:end -->"


def render() -> str:
    """The Markdown section of ``docs/permissions.md``."""
    lines = [
        DOC_START,
        "",
        "Who may read each object of agency A through each channel (✓ may read, · may not). Columns: the system",
        "administrator, each role in agency A (A.…) and in a second agency B (B.…), the citizen who owns the",
        "object, another citizen, an anonymous visitor. Channels: `file` = `/tep/<token>/`, `page` = the staff",
        "page, `api` = the API detail, `portal` = the citizen portal.",
        "",
        "| Object | Channel | " + " | ".join(USERS) + " |",
        "|---|---|" + "---|" * len(USERS),
    ]
    for row in ROWS:
        for channel in CHANNELS:
            if channel not in row.read:
                continue
            allowed = row.read[channel]
            cells = " | ".join("✓" if user in allowed else "·" for user in USERS)
            lines.append(f"| {row.label} (`{row.model}`) | {channel} | {cells} |")
    lines += ["", DOC_END]
    return "\n".join(lines)
