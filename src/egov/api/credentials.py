"""Partner systems and their OAuth2 credentials: one function per change (each audited), then the two
checks of the token flow (``issue_token`` for ``/api/v1/oauth/token/``, ``token_for`` for each call).

Secrets and tokens are ``secrets.token_urlsafe(32)`` (256 bits) shown once; only their SHA-256 is stored.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.audit import services as audit

from . import scopes as scope_codes
from .models import AccessToken, ClientSecret, Partner

PREFIX_LENGTH = 6
PURGE_EXPIRED_AFTER = timedelta(days=1)  # expired tokens of a partner are deleted when it gets a new one


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class NewSecret:
    """A secret just created: ``value`` is shown to the administrator once and never stored."""

    secret: ClientSecret
    value: str


class OAuthError(Exception):
    """A refusal of the token endpoint: an RFC 6749 §5.2 ``error`` code and a Vietnamese description."""

    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error, self.description, self.http_status = error, description, status


def _snapshot(partner: Partner) -> dict:
    return {
        "code": partner.code,
        "name": partner.name,
        "scopes": list(partner.scopes),
        "agencies": sorted(partner.agencies.values_list("code", flat=True)),
        "is_active": partner.is_active,
        "rate_limit": partner.rate_limit,
    }


def create_partner(
    *, code: str, name: str, agencies=(), scopes=(), actor=None, with_secret=True, **fields
) -> tuple[Partner, NewSecret | None]:
    """A new partner with its first secret (``NewSecret.value`` to hand over once; none if not ``with_secret``)."""
    bad = scope_codes.unknown(scopes)
    if bad:
        raise ValueError(f"Unknown scopes: {', '.join(bad)}")
    with transaction.atomic():
        partner = Partner.objects.create(code=code, name=name, scopes=list(scopes), created_by=actor, **fields)
        partner.agencies.set(agencies)
        new = _new_secret(partner, actor) if with_secret else None
        audit.record(actor=actor, action="partner.created", target=partner, after=_snapshot(partner))
    return partner, new


def update_partner(partner: Partner, *, actor, agencies=None, **fields) -> Partner:
    """Change a partner's name, scopes, agencies, limit…; the next call of its tokens sees the change."""
    if "scopes" in fields and scope_codes.unknown(fields["scopes"]):
        raise ValueError(f"Unknown scopes: {', '.join(scope_codes.unknown(fields['scopes']))}")
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        before = _snapshot(partner)
        for name, value in fields.items():
            setattr(partner, name, value)
        partner.full_clean()
        partner.save()
        if agencies is not None:
            partner.agencies.set(agencies)
        audit.record(actor=actor, action="partner.updated", target=partner, before=before, after=_snapshot(partner))
    return partner


def set_active(partner: Partner, active: bool, *, actor) -> Partner:
    """Revoke (``active=False``: every token refused from the next call on) or restore a partner."""
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if partner.is_active != active:
            partner.is_active = active
            partner.save(update_fields=["is_active"])
            action = "partner.restored" if active else "partner.revoked"
            audit.record(actor=actor, action=action, target=partner, after={"is_active": active})
    return partner


def add_secret(partner: Partner, *, actor) -> NewSecret:
    """A further active secret (rotation: add the new one, switch the client over, then revoke the old)."""
    with transaction.atomic():
        new = _new_secret(partner, actor)
        audit.record(actor=actor, action="partner.secret_added", target=partner, after={"prefix": new.secret.prefix})
    return new


def revoke_secret(secret: ClientSecret, *, actor, now=None) -> ClientSecret:
    """The secret stops working, and so do the tokens issued with it (at their next use)."""
    with transaction.atomic():
        secret = ClientSecret.objects.select_for_update().select_related("partner").get(pk=secret.pk)
        if secret.revoked_at is None:
            secret.revoked_at = now or timezone.now()
            secret.save(update_fields=["revoked_at"])
            audit.record(
                actor=actor, action="partner.secret_revoked", target=secret.partner, after={"prefix": secret.prefix}
            )
    return secret


def _new_secret(partner: Partner, actor) -> NewSecret:
    value = secrets.token_urlsafe(32)
    secret = ClientSecret.objects.create(
        partner=partner, prefix=value[:PREFIX_LENGTH], secret_hash=digest(value), created_by=actor
    )
    return NewSecret(secret, value)


def set_demo_secret(partner: Partner, value: str) -> ClientSecret:
    """The demo's published secret (``egov demo`` prints it); idempotent. Never used outside the demo."""
    secret, _created = ClientSecret.objects.get_or_create(
        secret_hash=digest(value), defaults={"partner": partner, "prefix": value[:PREFIX_LENGTH]}
    )
    return secret


# --- the token flow ------------------------------------------------------------------------------------


def issue_token(client_id: str, client_secret: str, scope: str | None, *, now=None) -> tuple[AccessToken, str]:
    """RFC 6749 §4.4: a bearer token for a client that proved its secret, with the scopes asked for (all of
    the partner's when ``scope`` is None). Raises ``OAuthError``."""
    now = now or timezone.now()
    secret = (
        ClientSecret.objects.select_related("partner")
        .filter(partner__code=client_id, partner__is_active=True, secret_hash=digest(client_secret))
        .filter(revoked_at__isnull=True)
        .first()
    )
    if not client_id or not client_secret or secret is None:
        raise OAuthError("invalid_client", _("Mã hệ thống hoặc khóa bí mật không đúng, hoặc đã bị thu hồi."), 401)
    partner = secret.partner
    granted = list(partner.scopes)
    if scope is not None:
        asked = scope_codes.parse(scope)
        outside = [code for code in asked if code not in granted]
        if not asked or outside:
            raise OAuthError(
                "invalid_scope",
                _("Hệ thống không được cấp phạm vi: %(scopes)s.") % {"scopes": " ".join(outside) or "—"},
            )
        granted = asked
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        AccessToken.objects.filter(partner=partner, expires_at__lt=now - PURGE_EXPIRED_AFTER).delete()
        token = AccessToken.objects.create(
            partner=partner,
            secret=secret,
            token_hash=digest(raw),
            scopes=granted,
            issued_at=now,
            expires_at=now + timedelta(seconds=settings.API_TOKEN_SECONDS),
        )
        ClientSecret.objects.filter(pk=secret.pk).update(last_used_at=now)
    return token, raw


def token_for(raw: str, *, now=None) -> tuple[AccessToken | None, str]:
    """The live token whose value is ``raw`` (partner active, secret not revoked, not expired), or None and
    the reason in Vietnamese."""
    token = AccessToken.objects.select_related("partner", "secret").filter(token_hash=digest(raw)).first()
    if token is None or not token.partner.is_active or token.secret.revoked_at is not None:
        return None, _("Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
    if token.expires_at <= (now or timezone.now()):
        return None, _("Mã truy cập đã hết hạn; xin mã mới tại /api/v1/oauth/token/.")
    return token, ""
