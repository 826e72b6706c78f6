"""``egov partners list|create|rotate|revoke|restore`` (docs/api.md): partner systems and their secrets.

A secret is printed once, by ``create`` and ``rotate``; only its hash is stored. Rotation without downtime:
``rotate CODE`` (a second active secret), switch the partner over, then ``revoke CODE --secret PREFIX``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.agencies.models import Agency

from ... import credentials, scopes
from ...models import Partner


class Command(BaseCommand):
    help = "Hệ thống đối tác dùng API: tạo, đổi khóa bí mật, thu hồi."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="Các hệ thống đối tác, phạm vi và khóa đang dùng.")
        create = actions.add_parser("create", help="Tạo hệ thống đối tác và in khóa bí mật đầu tiên (một lần).")
        create.add_argument("code", help="Mã hệ thống, dùng làm client_id.")
        create.add_argument("--name", required=True)
        create.add_argument("--agency", action="append", default=[], help="Mã cơ quan (lặp lại được).")
        create.add_argument("--scope", action="append", default=[], choices=list(scopes.SCOPES))
        create.add_argument("--rate", default="", help="Giới hạn riêng, ví dụ 600/min.")
        create.add_argument("--email", default="")
        rotate = actions.add_parser("rotate", help="Thêm một khóa bí mật mới (khóa cũ vẫn dùng được đến khi thu hồi).")
        rotate.add_argument("code")
        revoke = actions.add_parser("revoke", help="Thu hồi một khóa (--secret) hoặc cả hệ thống.")
        revoke.add_argument("code")
        revoke.add_argument("--secret", default=None, help="Ký tự đầu của khóa cần thu hồi.")
        restore = actions.add_parser("restore", help="Cho hệ thống đã thu hồi hoạt động trở lại.")
        restore.add_argument("code")

    def handle(self, *args, action: str, **options):
        getattr(self, action)(**options)

    def list(self, **options):
        for partner in Partner.objects.prefetch_related("agencies", "secrets"):
            state = _("hoạt động") if partner.is_active else _("đã thu hồi")
            active = [s.prefix + "…" for s in partner.secrets.all() if s.is_active]
            self.stdout.write(f"{partner.client_id}\t{partner.name}\t{state}\t{' '.join(partner.scopes) or '—'}")
            self.stdout.write(f"\t{_('cơ quan')}: {', '.join(a.code for a in partner.agencies.all()) or '—'}")
            self.stdout.write(f"\t{_('khóa đang dùng')}: {', '.join(active) or '—'}")

    def create(self, *, code, name, agency, scope, rate, email, **options):
        agencies = list(Agency.objects.filter(code__in=agency))
        missing = set(agency) - {a.code for a in agencies}
        if missing:
            raise CommandError(_("Không có cơ quan mã: %(codes)s") % {"codes": ", ".join(sorted(missing))})
        if Partner.objects.filter(code=code).exists():
            raise CommandError(_("Đã có hệ thống mã %(code)s.") % {"code": code})
        partner = Partner(code=code, name=name, rate_limit=rate, contact_email=email)
        try:
            partner.full_clean(exclude=["agencies"])
        except Exception as error:
            raise CommandError(str(error)) from None
        partner, new = credentials.create_partner(
            code=code, name=name, agencies=agencies, scopes=scope, rate_limit=rate, contact_email=email
        )
        self._print_secret(partner, new)

    def rotate(self, *, code, **options):
        partner = self._partner(code)
        self._print_secret(partner, credentials.add_secret(partner, actor=None))

    def revoke(self, *, code, secret, **options):
        partner = self._partner(code)
        if secret is None:
            credentials.set_active(partner, False, actor=None)
            self.stdout.write(_("Đã thu hồi %(code)s: mọi mã truy cập hết hiệu lực ngay.") % {"code": code})
            return
        found = list(partner.secrets.filter(prefix__startswith=secret, revoked_at__isnull=True))
        if len(found) != 1:
            raise CommandError(_("Cần đúng một khóa đang dùng bắt đầu bằng %(prefix)s.") % {"prefix": secret})
        credentials.revoke_secret(found[0], actor=None)
        self.stdout.write(_("Đã thu hồi khóa %(prefix)s… của %(code)s.") % {"prefix": found[0].prefix, "code": code})

    def restore(self, *, code, **options):
        credentials.set_active(self._partner(code), True, actor=None)
        self.stdout.write(_("%(code)s hoạt động trở lại.") % {"code": code})

    def _partner(self, code) -> Partner:
        try:
            return Partner.objects.get(code=code)
        except Partner.DoesNotExist:
            raise CommandError(_("Không có hệ thống mã %(code)s.") % {"code": code}) from None

    def _print_secret(self, partner, new):
        self.stdout.write(f"client_id={partner.client_id}")
        self.stdout.write(f"client_secret={new.value}")
        self.stdout.write(_("Khóa bí mật chỉ in một lần; hệ thống chỉ lưu bản băm."))
