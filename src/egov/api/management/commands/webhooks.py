"""``egov webhooks list | send | ping ID | replay WEBHOOK_ID | replay-failed ID --since T``: partner webhooks."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from ...models import WebhookDelivery, WebhookSubscription
from ...webhooks import sending, services

State = WebhookDelivery.State


class Command(BaseCommand):
    help = "Webhook cho hệ thống đối tác: liệt kê đăng ký, gửi ngay, gửi gói thử, gửi lại."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Các đăng ký với số lượt chờ gửi, đã gửi, thất bại.")
        sub.add_parser("send", help="Gửi ngay các lượt đến hạn.")
        ping = sub.add_parser("ping", help="Xếp hàng một gói thử (webhook.test) cho một đăng ký.")
        ping.add_argument("subscription", type=int)
        replay = sub.add_parser("replay", help="Gửi lại một lượt (theo webhook-id).")
        replay.add_argument("webhook_id")
        failed = sub.add_parser("replay-failed", help="Gửi lại các lượt thất bại của một đăng ký từ một thời điểm.")
        failed.add_argument("subscription", type=int)
        failed.add_argument("--since", required=True, help="YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM (giờ địa phương)")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(options)
        except (WebhookSubscription.DoesNotExist, WebhookDelivery.DoesNotExist):
            raise CommandError("Không tìm thấy.") from None
        except services.WebhookError as exc:
            raise CommandError(str(exc)) from None

    def _list(self, options):
        rows = WebhookSubscription.objects.select_related("partner").annotate(
            pending=Count("deliveries", filter=Q(deliveries__state=State.PENDING)),
            delivered=Count("deliveries", filter=Q(deliveries__state=State.DELIVERED)),
            failed=Count("deliveries", filter=Q(deliveries__state=State.FAILED)),
        )
        for s in rows:
            status = "on " if s.is_active and s.partner.is_active else "off"
            self.stdout.write(
                f"{s.pk:>4} {status} {s.partner.code:<20} {s.url}  [{', '.join(s.kinds)}]  "
                f"chờ {s.pending}, đã gửi {s.delivered}, thất bại {s.failed}"
            )

    def _send(self, options):
        self.stdout.write(f"{sending.send_due()} lượt đã gửi thử")

    def _ping(self, options):
        delivery = services.send_test(WebhookSubscription.objects.get(pk=options["subscription"]), actor=None)
        self.stdout.write(f"đã xếp hàng {delivery.webhook_id}")

    def _replay(self, options):
        delivery = services.replay(WebhookDelivery.objects.get(webhook_id=options["webhook_id"]), actor=None)
        self.stdout.write(f"đã xếp hàng {delivery.webhook_id}")

    def _replay_failed(self, options):
        try:
            since = datetime.fromisoformat(options["since"])
        except ValueError:
            raise CommandError("--since phải có dạng YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM") from None
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        subscription = WebhookSubscription.objects.get(pk=options["subscription"])
        count = services.replay_failed_since(subscription, since, actor=None)
        self.stdout.write(f"{count} lượt thất bại đã xếp hàng gửi lại")
