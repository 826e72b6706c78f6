"""Signing certificates of officials (personal signatures) and agencies (organisation signatures)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificateQuerySet(models.QuerySet):
    def usable(self, at=None):
        """Certificates that may sign now (or at ``at``): within validity and not revoked."""
        at = at or timezone.now()
        return self.filter(not_before__lte=at, not_after__gt=at, revoked_at__isnull=True)


class Certificate(models.Model):
    """An X.509 signing certificate on record, with where its private key lives.

    The key is either a PKCS#12 blob stored here (encrypted with the passphrase from the settings: the
    software signer, for development, the demo and small agencies), a PKCS#12 file on disk, or a key on a
    PKCS#11 token/HSM (``pkcs11_key_label``). See docs/signatures.md for the security trade-offs.
    """

    official = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    subject = models.CharField(_("chủ thể"), max_length=500)
    issuer = models.CharField(_("tổ chức cấp"), max_length=500)
    serial = models.CharField(_("số hiệu"), max_length=80)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True)
    certificate_pem = models.TextField(_("chứng thư số (PEM)"))
    chain_pem = models.TextField(_("chuỗi chứng thư trung gian (PEM)"), blank=True)
    pkcs12 = models.BinaryField(_("tệp PKCS#12"), null=True, blank=True, editable=False)
    pkcs12_path = models.CharField(_("đường dẫn tệp PKCS#12"), max_length=500, blank=True)
    pkcs11_key_label = models.CharField(_("nhãn khóa trên thiết bị PKCS#11"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        ordering = ["-not_after"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(official__isnull=False, agency__isnull=True)
                | models.Q(official__isnull=True, agency__isnull=False),
                name="signatures_certificate_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def owner(self):
        return self.official or self.agency

    @property
    def is_organisation(self) -> bool:
        return self.agency_id is not None

    def is_expired(self, at=None) -> bool:
        at = at or timezone.now()
        return not (self.not_before <= at < self.not_after)
