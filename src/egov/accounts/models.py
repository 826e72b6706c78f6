"""Users: staff (officials, with roles) and citizens/businesses, kept apart by ``kind``."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import EVERYTHING, NOTHING, Scope


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")
    ONESTOP_OFFICER = "onestop_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    DEPARTMENT_HEAD = "department_head", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    CLERK = "clerk", _("Văn thư")


# Roles that see their whole agency (and everything below it); unit roles see their department.
AGENCY_WIDE_ROLES = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LEADER, Role.CLERK, Role.ONESTOP_OFFICER})
UNIT_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.SPECIALIST})


class UserQuerySet(models.QuerySet):
    def staff_users(self):
        return self.filter(kind=User.Kind.STAFF)

    def applicants(self):
        return self.exclude(kind=User.Kind.STAFF)


class EgovUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    class Kind(models.TextChoices):
        STAFF = "staff", _("Cán bộ, công chức")
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Doanh nghiệp, tổ chức")

    kind = models.CharField(_("loại tài khoản"), max_length=10, choices=Kind.choices, default=Kind.STAFF)
    full_name = models.CharField(_("họ và tên"), max_length=100, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, db_index=True)
    official = models.OneToOneField(
        "agencies.Official",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )
    oidc_subject = models.CharField(_("định danh OIDC"), max_length=255, blank=True, null=True, unique=True)
    # Raised by "sign out everywhere": every session started under an older value is ended (sessions.py).
    session_epoch = models.PositiveIntegerField(_("thế hệ phiên đăng nhập"), default=0, editable=False)
    # The ID number an identity provider (VNeID) vouched for: one account per person, enforced by the database.
    verified_id_number = models.CharField(
        _("số định danh đã xác thực"), max_length=13, blank=True, null=True, unique=True, editable=False
    )

    objects = EgovUserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.STAFF

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's roles, read once per user object (one query, or none when prefetched)."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(r.role for r in self.roles.all())
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @cached_property
    def agency_scope(self) -> Scope:
        """Which agencies' records this user may see (the rules of docs/permissions.md)."""
        if not self.is_active or not self.is_official:
            return NOTHING
        roles = self.role_codes
        if self.is_superuser or Role.SYSTEM_ADMIN in roles:
            return EVERYTHING
        official = self.official
        if official is None:
            return NOTHING
        if roles & AGENCY_WIDE_ROLES:
            return Scope(roots=(official.agency.path,))
        if roles & UNIT_ROLES:
            return Scope(roots=(official.unit.path,))
        return NOTHING


class StaffRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="accounts_staffrole_unique")]

    def __str__(self) -> str:
        return self.get_role_display()


class LoginFailure(models.Model):
    """One failed sign-in, kept for throttling (see ``throttle.py``)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.ip_address} {self.at:%Y-%m-%d %H:%M}"


class TotpDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238): the shared secret, confirmed once a first code matched.

    ``last_step`` is the last accepted 30-second step: a code is accepted once (no replay).
    """

    user = models.OneToOneField(User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(_("khóa bí mật"), max_length=64, editable=False)
    confirmed_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ứng dụng xác thực")
        verbose_name_plural = _("ứng dụng xác thực")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
