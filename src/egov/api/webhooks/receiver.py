"""A partner's receiving end, for the demo and tests: ``/mo-phong/webhook-receiver/``.

POST records what came and whether its signature checks out against the secrets of the subscription that
sent it (found by ``webhook-id``; the simulator shares the database); GET lists the last ones received.
Every request answers 404 unless ``WEBHOOK_RECEIVER_SIMULATOR`` is on.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from ..models import ReceivedWebhook, WebhookDelivery
from . import signing

MAX_BODY = 256 * 1024


@csrf_exempt
def receive(request):
    if not settings.WEBHOOK_RECEIVER_SIMULATOR:
        raise Http404
    if request.method != "POST":
        received = ReceivedWebhook.objects.all()[:50]
        return render(request, "api/webhooks/receiver.html", {"received": received})
    body = request.body[:MAX_BODY].decode("utf-8", "replace")
    headers = {name: request.headers.get(name, "") for name in ("webhook-id", "webhook-timestamp", "webhook-signature")}
    delivery = (
        WebhookDelivery.objects.select_related("subscription").filter(webhook_id=headers["webhook-id"][:64]).first()
    )
    now = timezone.now()
    verified = delivery is not None and any(
        signing.verify(secret, headers, body, now=int(now.timestamp()))
        for secret in delivery.subscription.signing_secrets(now)
    )
    ReceivedWebhook.objects.create(
        webhook_id=headers["webhook-id"][:64], kind=delivery.kind if delivery else "", verified=verified, body=body
    )
    return HttpResponse(status=204 if verified else 400)
