"""The recipient installation's steps in the two-installation acceptance test, run in a child process
against its own database (``DATABASE_URL``): ``python instance_driver.py STEP``. Prints a JSON result."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django  # noqa: E402

django.setup()

from egov.accounts.models import User  # noqa: E402
from egov.documents import services as documents  # noqa: E402
from egov.documents.models import IncomingDocument  # noqa: E402
from egov.events.dispatcher import deliver_due  # noqa: E402
from egov.events.models import Delivery  # noqa: E402

SENDER, RECIPIENT = "000.00.11.H97", "000.00.12.H97"


def drain():
    while deliver_due():
        pass


def received():
    return IncomingDocument.objects.get(agency__code=RECIPIENT, issuer_code=SENDER)


def handle():
    """The clerk registers, the leader assigns, the specialist records progress and finishes; each step's
    status goes back to the sender before the next (drain)."""
    drain()  # 01 for the arrival
    copy = received()
    before = copy.status
    user = User.objects.get
    specialist = user(username="chuyenvien1.snv")
    steps = [
        lambda c: documents.register_received(c, clerk=user(username="vanthu.snv")),
        lambda c: documents.assign(c, actor=user(username="giamdoc.snv"), lead_user=specialist),
        lambda c: documents.record_progress(c, actor=specialist, text="Đang xử lý"),
        lambda c: documents.mark_done(c, actor=specialist),
    ]
    for step in steps:
        copy = step(copy)
        drain()
    return {"before": before, "after": copy.status, "attachments": copy.attachments.count()}


def finish():
    drain()  # 15 for the revoke
    return {"status": received().status, "copies": IncomingDocument.objects.filter(issuer_code=SENDER).count()}


if __name__ == "__main__":
    result = globals()[sys.argv[1]]()
    errors = [
        f"{h}: {e[-800:]}" for h, e in Delivery.objects.exclude(last_error="").values_list("handler", "last_error")
    ]
    print(json.dumps({**result, "errors": errors}))
