import pytest

from egov.documents import services
from egov.events.dispatcher import deliver_due
from egov.notifications.models import Notification

from .test_outgoing import _issued, draft

pytestmark = pytest.mark.django_db


def test_the_next_actor_is_notified(world):
    a = world.a
    doc = services.register_incoming(world.incoming_data(), clerk=a.clerk)
    services.present(doc, actor=a.clerk)
    deliver_due()
    assert Notification.objects.filter(user=a.leader, title__contains="chờ phân công").count() == 1
    services.assign(doc, actor=a.leader, lead_user=a.spec1)
    services.submit_for_review(draft(world), actor=a.spec2)
    deliver_due()
    assert Notification.objects.filter(user=a.spec1, title__contains="giao xử lý").exists()
    assert Notification.objects.filter(user=a.head, title__contains="Dự thảo chờ duyệt").exists()
    assert not Notification.objects.filter(user=a.leader, title__contains="Dự thảo").exists()
    _issued(world)
    deliver_due()
    assert Notification.objects.filter(user=world.b.clerk, title__contains="chờ vào sổ").count() == 1
    deliver_due()
    assert Notification.objects.filter(user=world.b.clerk).count() == 1
