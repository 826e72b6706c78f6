"""The transactional outbox: events written with the state change, and one delivery per handler."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    """Something that happened, e.g. ``dossier.received``; written in the transaction that made it so."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    topic = models.CharField(_("chủ đề"), max_length=100, db_index=True)
    aggregate_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    aggregate_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    payload = models.JSONField(_("nội dung"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    actor_id = models.PositiveBigIntegerField(_("người thực hiện"), null=True, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["aggregate_type", "aggregate_id"], name="events_aggregate_idx")]

    def __str__(self) -> str:
        return f"{self.topic} {self.aggregate_type}#{self.aggregate_id}"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now, *, due_by=None):
        """Pending deliveries due by ``due_by`` (default ``now``) that no live lease holds."""
        queryset = self.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=due_by or now)
        return queryset.filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))

    def needing_attention(self, stale_before):
        """Failed deliveries, and pending ones that already failed once or wait since ``stale_before``."""
        pending = Q(status=Delivery.Status.PENDING) & (Q(event__created_at__lt=stale_before) | ~Q(last_error=""))
        return self.filter(Q(status=Delivery.Status.FAILED) | pending)


class Delivery(models.Model):
    """One event for one handler: the unit that is claimed, run, retried and marked done.

    A row with status ``done`` is the record that the handler processed the event: it is written in
    the same transaction as the handler's own changes, and (event, handler) is unique.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        DONE = "done", _("Đã xử lý")
        FAILED = "failed", _("Lỗi")

    event = models.ForeignKey(
        OutboxEvent, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="deliveries"
    )
    handler = models.CharField(_("bộ xử lý"), max_length=200)
    # The event's aggregate ("type:id", "" for none), copied here so that the claim can keep each handler's
    # deliveries of one aggregate in order without a join (see dispatcher.claim_batch).
    aggregate_key = models.CharField(_("đối tượng"), max_length=200, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("lần thử tiếp theo"), default=timezone.now)
    locked_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    locked_by = models.CharField(_("tiến trình giữ"), max_length=64, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    delivered_at = models.DateTimeField(_("thời điểm xử lý xong"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt chuyển sự kiện")
        verbose_name_plural = _("lượt chuyển sự kiện")
        constraints = [models.UniqueConstraint(fields=["event", "handler"], name="events_delivery_unique")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="events_delivery_due_idx"),
            # The claim's scan, oldest first, over the pending rows only (it stops at the batch size).
            models.Index(
                fields=["next_attempt_at", "id"], name="events_delivery_queue_idx", condition=Q(status="pending")
            ),
            # Small (only undelivered rows): "is an earlier delivery of this aggregate still undelivered?"
            models.Index(
                fields=["handler", "aggregate_key", "id"],
                name="events_delivery_order_idx",
                condition=~Q(status="done"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.handler} ← {self.event_id}"

    @property
    def can_retry(self) -> bool:
        return self.status != self.Status.DONE


class PeriodicJob(models.Model):
    """When each periodic job (``egov.events.periodic``) last ran and next runs; the row is the claim."""

    name = models.CharField(_("công việc"), max_length=200, unique=True)
    next_run_at = models.DateTimeField(_("lần chạy tiếp theo"))
    last_run_at = models.DateTimeField(_("lần chạy gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc định kỳ")
        verbose_name_plural = _("công việc định kỳ")

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """The last time each ``egov worker`` went round its loop; ``/readyz`` reports the freshest one's age."""

    worker_id = models.CharField(_("tiến trình"), max_length=64, unique=True)
    seen_at = models.DateTimeField(_("lần cuối hoạt động"))

    class Meta:
        verbose_name = _("nhịp tiến trình nền")
        verbose_name_plural = _("nhịp tiến trình nền")

    def __str__(self) -> str:
        return self.worker_id
