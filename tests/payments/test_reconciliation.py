from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from egov.payments import services
from egov.payments.models import PaymentStatus, PaymentTransaction
from egov.payments.reconciliation import reconcile

from .factories import notification

pytestmark = pytest.mark.django_db


def kinds(mismatches):
    return sorted(m.kind for m in mismatches)


def test_a_clean_day_has_no_mismatch(started, recorded):
    services.handle_notification("simulator", notification(started.transaction))
    assert reconcile(timezone.localdate()) == []


def test_paid_but_dossier_not_marked(started, monkeypatch):
    monkeypatch.delattr("egov.dossiers.services.record_online_payment", raising=False)
    services.handle_notification("simulator", notification(started.transaction))
    found = reconcile(timezone.localdate())
    assert kinds(found) == ["dossier_not_marked"] and found[0].reference == started.transaction.reference


def test_paid_without_notification_and_amount_mismatch(started, recorded):
    txn = started.transaction
    services.handle_notification("simulator", notification(txn, amount=txn.amount + 1))
    PaymentTransaction.objects.filter(pk=txn.pk).update(status=PaymentStatus.PAID, paid_at=timezone.now())
    assert kinds(reconcile(timezone.localdate())) == [
        "amount_mismatch",
        "dossier_not_marked",
        "paid_without_notification",
    ]


def test_pending_too_long(started):
    txn = started.transaction
    assert reconcile(timezone.localdate()) == []
    later = timezone.now() + timedelta(hours=2)
    assert kinds(reconcile(timezone.localdate(), now=later)) == ["pending_too_long"]
    assert txn.reference in [m.reference for m in reconcile(timezone.localdate(), now=later)]


def test_command_and_staff_page(client, started, monkeypatch):
    monkeypatch.delattr("egov.dossiers.services.record_online_payment", raising=False)
    services.handle_notification("simulator", notification(started.transaction))
    out = StringIO()
    call_command("payments", "reconcile", "--date", timezone.localdate().isoformat(), stdout=out)
    assert started.transaction.reference in out.getvalue() and "1 chênh lệch" in out.getvalue()

    from dossiers.factories import OneStopWorld

    world = OneStopWorld()
    dossier = started.transaction.dossier
    type(dossier).objects.filter(pk=dossier.pk).update(
        receiving_agency=world.centre, handling_agency=world.so, current_unit=world.centre
    )
    client.force_login(world.officer)
    page = client.get(reverse("payments:reconciliation"))
    assert page.status_code == 200 and started.transaction.reference in page.content.decode()
    client.force_login(world.commune_officer)  # another agency sees nothing of it
    assert started.transaction.reference not in client.get(reverse("payments:reconciliation")).content.decode()


def test_gateway_paid_an_order_we_do_not_know(started, recorded):
    params = notification(started.transaction, vnp_TxnRef="EGUNKNOWN0000000000")
    assert services.handle_notification("simulator", params)["RspCode"] == "01"
    found = reconcile(timezone.localdate())
    assert kinds(found) == ["paid_not_recorded"] and found[0].reference == "EGUNKNOWN0000000000"
    scoped = reconcile(timezone.localdate(), transactions=PaymentTransaction.objects.all())
    assert scoped == []  # a scoped (staff) view only lists its own transactions


def test_an_unexpected_error_answers_99_and_is_logged(started, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "_decide", broken)
    assert services.handle_notification("simulator", notification(started.transaction))["RspCode"] == "99"
    assert PaymentTransaction.objects.get().status == PaymentStatus.PENDING
    from egov.payments.models import PaymentNotificationLog

    assert PaymentNotificationLog.objects.get().outcome == "error"
