"""Wagtail → egov: page publications mirrored into the audit log and the outbox, the anonymous cache
invalidated, and scheduled publications handed to the worker."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from egov.audit.services import record
from egov.events.services import publish

from . import cache

# Wagtail log actions mirrored into egov's audit log, with the action code they get there.
MIRRORED = {
    "wagtail.publish": "cms.page_published",
    "wagtail.publish.scheduled": "cms.page_publish_scheduled",
    "wagtail.schedule.publish": "cms.page_publish_scheduled",
    "wagtail.unpublish": "cms.page_unpublished",
    "wagtail.unpublish.scheduled": "cms.page_unpublished",
    "wagtail.delete": "cms.page_deleted",
    "wagtail.move": "cms.page_moved",
    "wagtail.workflow.approve": "cms.page_task_approved",
    "wagtail.workflow.reject": "cms.page_task_rejected",
}


def site_agency_id(page_path: str) -> int | None:
    """The agency of the component site holding the page at ``page_path`` (None on the portal)."""
    from .models import AgencySiteHomePage

    prefixes = [page_path[:i] for i in range(Page.steplen, len(page_path) + 1, Page.steplen)]
    return (
        AgencySiteHomePage.objects.filter(path__in=prefixes).order_by("-depth").values_list("agency_id", flat=True)
    ).first()


def _mirror_log_entry(sender, instance: PageLogEntry, created: bool, raw=False, **kwargs):
    action = MIRRORED.get(instance.action)
    if not created or raw or action is None:
        return
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first() or ""
    target = Page(pk=instance.page_id, title=instance.label[:255])
    after = {"page": instance.page_id, "title": instance.label, "revision": instance.revision_id}
    with transaction.atomic():
        publish(action, aggregate=("wagtailcore.page", instance.page_id), payload=after, actor=instance.user)
        record(
            actor=instance.user,
            action=action,
            target=target,
            after=after,
            agency=site_agency_id(path) if path else None,
            summary=instance.label[:255],
        )


def _invalidate(**kwargs):
    transaction.on_commit(cache.invalidate)


def _schedule(sender, instance: Revision, update_fields=None, **kwargs):
    if instance.approved_go_live_at and (update_fields is None or "approved_go_live_at" in update_fields):
        from .tasks import schedule_at

        when = instance.approved_go_live_at
        transaction.on_commit(lambda: schedule_at(when))


def connect() -> None:
    post_save.connect(_mirror_log_entry, sender=PageLogEntry, dispatch_uid="cms.mirror_log")
    post_save.connect(_schedule, sender=Revision, dispatch_uid="cms.schedule")
    page_published.connect(_invalidate, dispatch_uid="cms.invalidate_published")
    page_unpublished.connect(_invalidate, dispatch_uid="cms.invalidate_unpublished")
    post_page_move.connect(_invalidate, dispatch_uid="cms.invalidate_moved")
    post_delete.connect(_invalidate, sender=Page, dispatch_uid="cms.invalidate_deleted")
