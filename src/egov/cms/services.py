"""State changes of the information portal, one function each, each in one transaction with its audit
record and outbox event. Wagtail pages change through Wagtail (drafts, workflow, scheduling); their
publish/unpublish is mirrored into the audit log by ``cms.signals``.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from egov.accounts.decorators import user_has_role
from egov.accounts.models import Role
from egov.audit.services import record
from egov.core.transitions import Lifecycle, Messages, apply
from egov.events.services import publish

from . import cache
from .models import AgencySiteHomePage, GazetteIssue, LegalDocument, PortalHomePage
from .transitions import TRANSITIONS, PublicationStatus


class PortalError(ValidationError):
    """A refused request on the portal; the message is for the user (Vietnamese)."""


# --- editorial roles on a site subtree (Wagtail groups) -----------------------------------------------


@dataclass(frozen=True)
class SiteRole:
    code: str
    label: object
    page_permissions: tuple[str, ...]


CONTRIBUTOR = SiteRole("contributor", gettext_lazy("Cộng tác viên"), ("add",))
EDITOR = SiteRole("editor", gettext_lazy("Biên tập viên"), ("add", "change"))
APPROVER = SiteRole("approver", gettext_lazy("Người duyệt đăng"), ("add", "change", "publish", "lock", "unlock"))
SITE_ROLES = {r.code: r for r in (CONTRIBUTOR, EDITOR, APPROVER)}


def site_group_name(site_page, role: SiteRole) -> str:
    return f"CMS {site_page.pk} {site_page.slug} — {role.label}"[:150]


def ensure_site_groups(site_page) -> dict[str, Group]:
    """The contributor/editor/approver groups of ``site_page``'s subtree and its two-step moderation
    workflow (editors review, then approvers publish); created once, idempotent."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups = {}
    for role in SITE_ROLES.values():
        group, created = Group.objects.get_or_create(name=site_group_name(site_page, role))
        if created:
            group.permissions.add(access)
            for kind in role.page_permissions:
                GroupPagePermission.objects.create(group=group, page=site_page, permission_type=kind)
        groups[role.code] = group
    _ensure_workflow(site_page, groups)
    return groups


def _ensure_workflow(site_page, groups) -> None:
    if WorkflowPage.objects.filter(page=site_page).exists():
        return
    workflow = Workflow.objects.create(name=f"Duyệt đăng — {site_page.title}"[:255])
    for order, (code, name) in enumerate(((EDITOR.code, _("Biên tập")), (APPROVER.code, _("Phê duyệt đăng"))), 1):
        task = GroupApprovalTask.objects.create(name=f"{name} — {site_page.title}"[:255])
        task.groups.set([groups[code]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.create(workflow=workflow, page=site_page)


def grant_site_role(user, site_page, role: str, *, actor=None) -> Group:
    """Make ``user`` a contributor, editor or approver of ``site_page`` (a portal or agency site home)."""
    if role not in SITE_ROLES:
        raise PortalError(_("Vai trò biên tập không hợp lệ."))
    site_page = site_page.specific
    if not isinstance(site_page, (PortalHomePage, AgencySiteHomePage)):
        raise PortalError(_("Chỉ gán quyền biên tập trên trang chủ của cổng hoặc trang thành phần."))
    with transaction.atomic():
        group = ensure_site_groups(site_page)[role]
        user.groups.add(group)
        publish("cms.site_role_granted", aggregate=user, payload={"site_page": site_page.pk, "role": role}, actor=actor)
        record(
            actor=actor,
            action="cms.site_role_granted",
            target=user,
            after={"site_page": site_page.pk, "role": role},
            agency=getattr(site_page, "agency_id", None),
            summary=f"{user} — {SITE_ROLES[role].label} — {site_page.title}",
        )
    return group


# --- records: legal documents, gazette issues, procurement items -------------------------------------


def _roles(user) -> set[str]:
    if not user_has_role(user):
        return set()
    return set(user.role_codes) | ({Role.SYSTEM_ADMIN} if user.is_superuser else set())


def _check_scope(obj, actor) -> None:
    if not type(obj).objects.for_user(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền với mục này."))


_LIFECYCLES: dict[type, Lifecycle] = {}


def _lifecycle(model) -> Lifecycle:
    """The publication lifecycle of one record model (topic ``cms.<model>_<action>``)."""
    if model not in _LIFECYCLES:
        refused = gettext_lazy("Bạn không thể thực hiện thao tác này.")
        _LIFECYCLES[model] = Lifecycle(
            model=model,
            table=TRANSITIONS,
            topic=f"cms.{model._meta.model_name}_{{action}}",
            error=PermissionDenied,
            messages=Messages(
                wrong_status=refused,
                needs_note=refused,
                no_role=refused,
                out_of_scope=gettext_lazy("Bạn không có quyền với mục này."),
            ),
            field="publication",
            roles=lambda obj, actor: _roles(actor),
            snapshot=lambda obj: {"publication": obj.publication, "published_at": obj.published_at},
            payload=lambda obj, after: {"id": obj.pk, **after},
            summary=lambda obj: str(obj)[:255],
        )
    return _LIFECYCLES[model]


def _change_publication(obj, action: str, actor, *, now=None, extra_check=None):
    def change(o, now):
        if o.publication == PublicationStatus.PUBLISHED:
            o.published_at = now
        transaction.on_commit(cache.invalidate)

    return apply(_lifecycle(type(obj)), obj, action, actor, now=now, change=change, check=extra_check)


def _audit(obj, action: str, actor, before=None) -> None:
    after = {"publication": obj.publication, "published_at": obj.published_at}
    publish(f"cms.{action}", aggregate=obj, payload={"id": obj.pk, **after}, actor=actor)
    record(actor=actor, action=f"cms.{action}", target=obj, before=before, after=after, summary=str(obj)[:255])
    transaction.on_commit(cache.invalidate)


def publish_record(obj, actor, *, now=None):
    """Publish a legal document or procurement item (gazette issues: ``publish_gazette_issue``)."""
    if isinstance(obj, GazetteIssue):
        return publish_gazette_issue(obj, actor, now=now)
    return _change_publication(obj, "publish", actor, now=now)


def withdraw_record(obj, actor):
    return _change_publication(obj, "withdraw", actor)


def publish_gazette_issue(issue: GazetteIssue, actor, *, now=None) -> GazetteIssue:
    """Publish an issue: it needs its PDF and at least one published document."""

    def check(issue):
        if not issue.pdf_id:
            raise PortalError(_("Số công báo chưa có tệp PDF."))
        if not issue.documents.public().exists():
            raise PortalError(_("Số công báo chưa có văn bản nào đã đăng."))

    return _change_publication(issue, "publish", actor, now=now, extra_check=check)


def create_record(model, actor, *, attachments=(), **fields):
    """Create a record (draft) owned by ``fields['agency']``; demo data and the editors use it."""
    if not _roles(actor) & {Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.AGENCY_LEADER, Role.CLERK}:
        raise PermissionDenied(_("Bạn không có quyền đăng thông tin lên cổng."))
    documents = fields.pop("documents", ())
    with transaction.atomic():
        obj = model(created_by=actor if getattr(actor, "pk", None) else None, **fields)
        obj.full_clean(exclude=["created_by", "attachments", "documents", "pdf"])
        obj.save()
        _check_scope(obj, actor)
        if attachments:
            obj.attachments.set(attachments)
        if documents:
            obj.documents.set(documents)
        _audit(obj, f"{model._meta.model_name}_created", actor)
    return obj


def publish_from_outgoing(document, actor, *, validity=LegalDocument.Validity.IN_FORCE, sector: str = ""):
    """Publish an issued outgoing document on the portal in one step: a LegalDocument carrying its
    metadata and files, already published. Secret documents are never published."""
    from egov.documents.models import OutgoingDocument, Secrecy
    from egov.documents.transitions import OutgoingStatus

    if not can_publish_outgoing(document, actor):
        raise PermissionDenied(_("Bạn không thể đăng văn bản này lên cổng."))
    if document.status != OutgoingStatus.ISSUED or document.secrecy != Secrecy.NORMAL:
        raise PortalError(_("Chỉ đăng được văn bản đã ban hành và không mật."))
    if LegalDocument.objects.filter(source_outgoing=document).exists():
        raise PortalError(_("Văn bản này đã được đăng trên cổng."))
    document = OutgoingDocument.objects.select_related("agency", "document_type").get(pk=document.pk)
    issued_on = document.document_date or timezone.localdate(document.issued_at)
    with transaction.atomic():
        legal = LegalDocument(
            agency=document.agency,
            number=document.notation,
            doc_type=document.document_type.name,
            category=LegalDocument.Category.DIRECTION,
            issuing_authority=document.agency.name,
            signer=" ".join(filter(None, [document.signer_position, document.signer_name])),
            issued_on=issued_on,
            effective_on=issued_on,
            subject=document.subject,
            sector=sector,
            validity=validity,
            source_outgoing=document,
            publication=PublicationStatus.PUBLISHED,
            published_at=timezone.now(),
            created_by=actor,
        )
        legal.save()
        legal.attachments.set(document.attachments.all())
        _audit(legal, "legaldocument_published_from_outgoing", actor, {"outgoing": document.pk})
    return legal


def can_publish_outgoing(document, actor) -> bool:
    from egov.documents.models import OutgoingDocument

    if not _roles(actor) & {Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.AGENCY_LEADER, Role.CLERK}:
        return False
    return OutgoingDocument.objects.for_user(actor).filter(pk=document.pk).exists()
