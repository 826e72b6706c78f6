"""The audit log: one append-only, hash-chained record per state change."""

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

    seq = models.BigIntegerField(_("số thứ tự"), unique=True, editable=False)
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
    prev_hash = models.CharField(_("mã băm bản ghi trước"), max_length=64, blank=True)
    hash = models.CharField(_("mã băm"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class ChainHead(models.Model):
    """The single row (pk=1) holding the last ``seq`` and hash; locking it serialises appends.

    It also lets ``egov audit verify`` notice records cut off the end of the chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"#{self.seq}"


class SecurityEvent(AppendOnlyModel):
    """One security-relevant event (sign-in, failure, lock-out, refusal, personal-data export, secret download).

    Kept apart from the hash-chained ``AuditRecord``: these are written by anonymous requests too (failed
    sign-ins), often outside any transaction, and must not queue behind the chain head's lock. Append-only
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
