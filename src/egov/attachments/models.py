"""Uploaded files: the bytes live in Django's storage (disk or S3), the database keeps what we know of them."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet


def attachment_path(instance: "Attachment", filename: str) -> str:
    """``attachments/YYYY/MM/<sha256[:2]>/<uuid>.<ext>``: spread over folders, never the uploader's name."""
    now = timezone.localtime()
    ext = filename.rpartition(".")[2].lower() if "." in filename else "bin"
    return f"attachments/{now:%Y/%m}/{instance.sha256[:2]}/{uuid.uuid4().hex}.{ext}"


class AttachmentQuerySet(AgencyScopedQuerySet):
    def for_user(self, user):
        """Agency scope, plus the files the user uploaded themselves."""
        scoped = super().for_user(user)
        if user is None or not getattr(user, "is_authenticated", False):
            return scoped
        return scoped | self.filter(uploaded_by=user)


class Attachment(models.Model):
    agency_scope_fields = ("agency",)

    # The file's address (/tep/<token>/): random, so file URLs cannot be enumerated. A second wall only: the
    # download view checks the owner's permission (``access.can_read``) whatever the token.
    token = models.UUIDField(_("mã truy cập"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Active content found at upload (PDF scripts, launch actions, embedded files), comma-separated; such a
    # file is only ever served as a download, and staff see a warning next to it.
    active_content = models.CharField(_("nội dung chủ động"), max_length=100, blank=True, default="")
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        """The one address of a file for every page, API and e-mail: ``/tep/<token>/`` (``?xem=1`` to view)."""
        return reverse("attachments:download", args=[self.token])

    def get_view_url(self) -> str:
        """The address that shows the file in the browser when it may be (PDF and images without active content)."""
        return f"{self.get_absolute_url()}?xem=1"

    @property
    def has_active_content(self) -> bool:
        return bool(self.active_content)

    @property
    def extension(self) -> str:
        return self.file.name.rpartition(".")[2].lower()

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
