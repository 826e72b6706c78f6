"""``egov pdf sign IN OUT --as USERNAME [--org]`` and ``egov pdf verify FILE`` (JSON report; exit 1 when
unsigned or invalid)."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.accounts.models import User
from egov.signatures import services

REPORT_KEYS = ("field_name", "valid", "intact", "trusted", "modified", "revoked", "signer", "organisation", "signed_at")


class Command(BaseCommand):
    help = "Ký số và kiểm tra chữ ký số trên tệp PDF (PAdES)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        sign = commands.add_parser("sign", help="Ký số tệp PDF.")
        sign.add_argument("input", help="Tệp PDF cần ký.")
        sign.add_argument("output", help="Tệp PDF đã ký.")
        sign.add_argument("--as", dest="username", required=True, help="Tên đăng nhập của người ký.")
        sign.add_argument("--org", action="store_true", help="Ký bằng chứng thư số của cơ quan người ký.")
        sign.add_argument("--reason", default="", help="Lý do ký.")
        sign.add_argument("--notation", default="", help="Số, ký hiệu (dấu chữ ký số trên tệp đính kèm).")
        sign.add_argument("--invisible", action="store_true", help="Không hiển thị chữ ký trên trang.")
        verify = commands.add_parser("verify", help="Kiểm tra chữ ký số, in báo cáo JSON.")
        verify.add_argument("file", help="Tệp PDF cần kiểm tra.")

    def handle(self, *args, subcommand: str, **options):
        try:
            if subcommand == "sign":
                self.sign(options)
            else:
                self.verify(Path(options["file"]))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except OSError as exc:
            raise CommandError(_("Không đọc/ghi được tệp: %(error)s") % {"error": exc}) from exc

    def sign(self, options) -> None:
        user = User.objects.filter(username=options["username"]).select_related("official__agency").first()
        if user is None or user.official is None:
            raise CommandError(_("Không có cán bộ với tên đăng nhập “%(u)s”.") % {"u": options["username"]})
        official = user.official
        if options["org"]:
            agency = official.agency.organisation
            certificate = services.certificate_for(agency=agency)
            appearance = (
                services.Appearance("stamp", notation=options["notation"])
                if options["notation"]
                else (services.Appearance("seal", name=agency.name))
            )
            reason = options["reason"] or _("Ký số của cơ quan")
        else:
            certificate = services.certificate_for(official=official)
            appearance = services.Appearance("signature", title=official.position.name, name=official.full_name)
            reason = options["reason"] or _("Ký ban hành")
        signed = services.sign_pdf(
            Path(options["input"]).read_bytes(),
            certificate=certificate,
            reason=reason,
            location=official.agency.administrative_unit.name,
            appearance=None if options["invisible"] else appearance,
        )
        Path(options["output"]).write_bytes(signed)
        self.stderr.write(_("Đã ký số: %(file)s (%(subject)s)") % {"file": options["output"], "subject": certificate})

    def verify(self, path: Path) -> None:
        reports = services.verify_pdf(path.read_bytes())
        entries = [{key: report.as_dict()[key] for key in REPORT_KEYS} for report in reports]
        self.stdout.write(json.dumps({"file": str(path), "signatures": entries}, ensure_ascii=False, indent=2))
        if not reports:
            raise CommandError(_("Tệp không có chữ ký số (no signature)."), returncode=1)
        if any(not report.valid for report in reports):
            raise CommandError(_("Có chữ ký số không hợp lệ."), returncode=1)
