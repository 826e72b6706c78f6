"""The scopes a partner system may hold, in one place (``SCOPES``: code → Vietnamese label).

A viewset names the scopes its operations need with ``partner_scopes = (read, write)``: ``read`` for GET,
HEAD and OPTIONS, ``write`` for the other methods (``egov.api.permissions.PartnerScopes``). Staff signed in
with a session are not concerned: their roles and ``for_user`` decide, as before. The procedure catalogue
(``/api/v1/public/``) is public and needs no scope. There is no ``dossiers:write``/``documents:write`` yet:
those operations act as an official (roles, signature, register) and stay closed to partner tokens.
"""

from django.utils.translation import gettext_lazy as _

DOSSIERS_READ = "dossiers:read"
DOCUMENTS_READ = "documents:read"
SIGNATURES_VERIFY = "signatures:verify"
WEBHOOKS_MANAGE = "webhooks:manage"

SCOPES = {
    DOSSIERS_READ: _("Đọc hồ sơ thủ tục hành chính"),
    DOCUMENTS_READ: _("Đọc văn bản đến, văn bản đi"),
    SIGNATURES_VERIFY: _("Kiểm tra chữ ký số trên tệp PDF"),
    WEBHOOKS_MANAGE: _("Quản lý đăng ký webhook"),
}


def choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {label}") for code, label in SCOPES.items()]


def unknown(codes) -> list[str]:
    """The codes of ``codes`` that are not scopes."""
    return [code for code in codes if code not in SCOPES]


def parse(text: str) -> list[str]:
    """A ``scope`` parameter (RFC 6749 §3.3: space-separated, case-sensitive) as a list without repeats."""
    return list(dict.fromkeys(text.split()))
