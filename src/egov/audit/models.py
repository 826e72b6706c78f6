"""The audit log: one append-only record per state change, each with its content hash, sealed in batches.

See docs/decisions/0006-audit-chain.md: records are appended without any lock; ``egov.audit.seal`` ties them
into a chain of seals (a Merkle root per batch, each seal hashing the previous one).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AppendOnlyQuerySet(AgencyScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted.")


AuditRecordQuerySet = AppendOnlyQuerySet


class AppendOnlyModel(models.Model):
    """Rows are inserted, never changed nor deleted from code."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted.")


def kept_reference(to, verbose_name):
    """A foreign key that keeps its id when the row it points to is deleted (no constraint, no cascade)."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )


class AuditRecord(AppendOnlyModel):
    """One state change: who did what to which object, when, within which agency.

    ``actor`` and ``agency`` keep their ids even if the user or agency is deleted later (no database
    constraint, nothing cascades into the log); ``actor_display`` keeps the name as it was.
    """

    agency_scope_fields = ("agency",)

    # ``seq`` and ``prev_hash``: the one-by-one chain of the records written before decision 0006 (null/blank since).
    seq = models.BigIntegerField(_("số thứ tự (chuỗi cũ)"), unique=True, null=True, blank=True, editable=False)
    at = models.DateTimeField(_("thời điểm"), db_index=True, editable=False)
    actor = kept_reference(settings.AUTH_USER_MODEL, _("người thực hiện"))
    actor_display = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    agency = kept_reference("agencies.Agency", _("cơ quan"))
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_display = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("sau"), null=True, blank=True, encoder=DjangoJSONEncoder)
    summary = models.TextField(_("tóm tắt"), blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    prev_hash = models.CharField(_("mã băm bản ghi trước (chuỗi cũ)"), max_length=64, blank=True)
    hash = models.CharField(_("mã băm nội dung"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"


class AuditSeal(AppendOnlyModel):
    """One sealed batch: the records with ``after_id < id <= last_id``, their Merkle root, chained to the
    previous seal by ``prev_hash``. ``total`` counts every record sealed up to this one (the chain head's size).
    Written only by ``egov.audit.seal.seal_pending``."""

    number = models.PositiveBigIntegerField(_("số niêm phong"), unique=True)
    after_id = models.BigIntegerField(_("sau bản ghi"))
    last_id = models.BigIntegerField(_("đến bản ghi"), unique=True)
    count = models.PositiveIntegerField(_("số bản ghi"))
    total = models.PositiveBigIntegerField(_("tổng số bản ghi đã niêm phong"))
    root = models.CharField(_("gốc cây Merkle"), max_length=64)
    prev_hash = models.CharField(_("mã băm niêm phong trước"), max_length=64, blank=True)
    sealed_at = models.DateTimeField(_("niêm phong lúc"))
    hash = models.CharField(_("mã băm niêm phong"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("niêm phong nhật ký")
        verbose_name_plural = _("niêm phong nhật ký")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"#{self.number} ({self.after_id}, {self.last_id}]"


class SealCursor(models.Model):
    """The single row (pk=1) the seal job locks (so two workers never seal the same batch) and where it keeps,
    on PostgreSQL, the horizon it saw last time: ``pending_id``, the highest record id visible at ``pending_at``;
    once no transaction begun by then is still open, every id up to it is final (committed or rolled back)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    pending_id = models.BigIntegerField(null=True, blank=True)
    pending_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("con trỏ niêm phong")
        verbose_name_plural = _("con trỏ niêm phong")

    def __str__(self) -> str:
        return f"{self.pending_id}@{self.pending_at}"


class SecurityEvent(AppendOnlyModel):
    """One security-relevant event (sign-in, failure, lock-out, refusal, personal-data export, secret download).

    Kept apart from the hash-chained ``AuditRecord``: these are written by anonymous requests too (failed
    sign-ins), often outside any transaction, and must not wait on the audit transaction. Append-only
    (no update, no delete from code); written by ``egov.audit.security.record``.
    """

    agency_scope_fields = ("agency",)

    at = models.DateTimeField(_("thời điểm"), db_index=True, editable=False)
    event = models.CharField(_("sự kiện"), max_length=64, db_index=True)
    user = kept_reference(settings.AUTH_USER_MODEL, _("tài khoản"))
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    agency = kept_reference("agencies.Agency", _("cơ quan"))
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=255, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện an ninh")
        verbose_name_plural = _("nhật ký an ninh")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["event", "at"], name="audit_secevent_event_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event} {self.username}"
