"""Editorial workflow: drafts, moderation contributor → editor → approver, per-site permissions, audit
mirror, scheduled publishing."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPagePermissionError, PublishPageRevisionAction

from egov.audit.models import AuditRecord
from egov.cms import services
from egov.cms.models import NewsPage
from egov.events.models import OutboxEvent

pytestmark = pytest.mark.django_db


def test_contributor_cannot_publish(world):
    contributor = world.editor("ctv.a", world.site_a, "contributor")
    page = world.news_page(world.news_a, "Bản nháp của cộng tác viên", live=False, user=contributor)
    permissions = page.permissions_for_user(contributor)
    assert permissions.can_edit()  # their own draft
    assert not permissions.can_publish()
    with pytest.raises(PublishPagePermissionError):
        PublishPageRevisionAction(page.latest_revision, user=contributor).execute()
    assert not NewsPage.objects.get(pk=page.pk).live


def test_editor_of_agency_a_cannot_edit_agency_b_site(world, client):
    editor_a = world.editor("btv.a", world.site_a, "editor")
    page_a = world.news_page(world.news_a, "Tin của sở A")
    page_b = world.news_page(world.news_b, "Tin của sở B")
    assert page_a.permissions_for_user(editor_a).can_edit()
    assert not page_b.permissions_for_user(editor_a).can_edit()
    assert not world.site_b.permissions_for_user(editor_a).can_add_subpage()
    assert not page_a.permissions_for_user(editor_a).can_publish()

    client.force_login(editor_a)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).status_code == 200
    denied = client.get(reverse("wagtailadmin_pages:edit", args=[page_b.pk]))
    assert denied.status_code in (302, 403)
    assert reverse("wagtailadmin_pages:edit", args=[page_b.pk]) not in denied.get("Location", "")


def test_moderation_contributor_editor_approver_publishes(world):
    contributor = world.editor("ctv.a", world.site_a, "contributor")
    editor = world.editor("btv.a", world.site_a, "editor")
    approver = world.editor("duyet.a", world.site_a, "approver")
    approver_b = world.editor("duyet.b", world.site_b, "approver")
    page = world.news_page(world.news_a, "Tin chờ duyệt", live=False, user=contributor)

    workflow = page.get_workflow()
    assert workflow is not None and workflow.name.startswith("Duyệt đăng")
    state = workflow.start(page, contributor)
    review = state.current_task_state
    assert not review.task.specific.get_actions(page, contributor)  # a contributor cannot approve
    assert not review.task.specific.get_actions(page, approver_b)  # nor another site's approver
    review.task.specific.on_action(review, editor, "approve")

    state.refresh_from_db()
    final = state.current_task_state
    assert final.task.pk != review.task.pk
    assert not final.task.specific.get_actions(page, editor)  # the editor cannot give the final approval
    final.task.specific.on_action(final, approver, "approve")

    page.refresh_from_db()
    assert page.live
    published = AuditRecord.objects.filter(action="cms.page_published", object_id=str(page.pk)).get()
    assert published.actor_id == approver.pk and published.agency_id == world.agency_a.pk
    assert OutboxEvent.objects.filter(topic="cms.page_published", aggregate_id=str(page.pk)).exists()


def test_unpublish_is_mirrored_into_the_audit_log(world):
    page = world.news_page(world.news_b, "Tin sẽ gỡ")
    page.unpublish(user=world.admin)
    entry = AuditRecord.objects.filter(action="cms.page_unpublished", object_id=str(page.pk)).get()
    assert entry.actor_id == world.admin.pk and entry.agency_id == world.agency_b.pk


def test_approver_can_publish_directly(world):
    approver = world.editor("duyet.a", world.site_a, "approver")
    page = world.news_page(world.news_a, "Tin đăng ngay", live=False, user=approver)
    assert page.permissions_for_user(approver).can_publish()
    PublishPageRevisionAction(page.latest_revision, user=approver).execute()
    assert NewsPage.objects.get(pk=page.pk).live


def test_grant_site_role_is_audited_and_idempotent(world):
    user = world.editor("btv.x", world.site_a, "editor")
    services.grant_site_role(user, world.site_a, "editor", actor=world.admin)
    assert user.groups.count() == 1
    assert AuditRecord.objects.filter(action="cms.site_role_granted", object_id=str(user.pk)).count() == 2
    with pytest.raises(services.PortalError):
        services.grant_site_role(user, world.site_a, "owner")
    with pytest.raises(services.PortalError):
        services.grant_site_role(user, world.news_a, "editor")


def test_scheduled_publishing_is_handed_to_the_worker(world, monkeypatch):
    from egov.cms import tasks

    calls = []
    monkeypatch.setattr(tasks, "schedule_at", lambda when: calls.append(when))
    page = world.news_page(world.news, "Tin hẹn giờ", live=False)
    go_live = timezone.now() + timedelta(hours=2)
    page.go_live_at = go_live
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision(user=world.admin).publish(user=world.admin)
    page.refresh_from_db()
    assert not page.live and calls == [go_live]

    past = timezone.now() - timedelta(minutes=1)  # the go-live time has come
    revision = page.latest_revision
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    NewsPage.objects.filter(pk=page.pk).update(go_live_at=past)
    tasks.publish_scheduled.call()
    assert NewsPage.objects.get(pk=page.pk).live
