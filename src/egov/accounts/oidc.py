"""Sign-in through an OpenID Connect provider (provincial SSO, or a VNeID-style identity provider).

Accounts are matched by the ``sub`` claim only, stored in ``User.oidc_subject``. The e-mail claim is
never used to match: a provider may hand out unverified or recycled addresses, and matching on them
would let someone take over an existing account.

Staff and citizens stay apart as on the password forms: the sign-in starts from the staff page or the
citizen page (``views.start_staff_oidc`` / ``views.start_citizen_oidc``), which records the intent in the session.

- Staff intent: only an existing staff account whose ``oidc_subject`` is the subject signs in. Staff
  accounts are never created here: an administrator links a staff account by entering its subject in
  the admin (field "định danh OIDC"). A staff account keeps its data (it comes from the directory).
- Citizen intent (also the default): a known citizen or business subject signs in, and its name,
  e-mail and phone are refreshed from the claims; an unknown subject becomes a new citizen account
  (kind ``citizen``, no usable password) from the VNeID-style claims ``name``, ``email``,
  ``phone_number``. A staff subject is refused here.
"""

import hashlib
import re

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User

INTENT_SESSION_KEY = "egov_oidc_intent"
STAFF_INTENT = "staff"
CITIZEN_INTENT = "citizen"

FULL_NAME_MAX = User._meta.get_field("full_name").max_length
PHONE_MAX = User._meta.get_field("phone").max_length


def username_for_subject(subject: str) -> str:
    """A stable username for an OIDC subject (subjects may be long or contain any character)."""
    return "oidc-" + hashlib.sha256(subject.encode()).hexdigest()[:24]


def full_name_from_claims(claims: dict) -> str:
    name = (claims.get("name") or "").strip()
    if not name:
        # Vietnamese order: family name, middle name, given name.
        parts = (claims.get("family_name"), claims.get("middle_name"), claims.get("given_name"))
        name = " ".join(p.strip() for p in parts if p and p.strip())
    return " ".join(name.split())[:FULL_NAME_MAX]


def email_from_claims(claims: dict) -> str:
    """The e-mail claim when it is well formed and not explicitly unverified, else ''."""
    email = (claims.get("email") or "").strip()
    if not email or claims.get("email_verified") is False:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def phone_from_claims(claims: dict) -> str:
    """The phone number in national form (+84 912 345 678 -> 0912345678), or ''."""
    phone = re.sub(r"[\s.()-]", "", str(claims.get("phone_number") or ""))
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) == 11:
        phone = "0" + phone[2:]
    if not re.fullmatch(r"\+?\d{6,}", phone):
        return ""
    return phone[:PHONE_MAX]


def citizen_fields_from_claims(claims: dict) -> dict:
    """The ``User`` fields a citizen account takes from the provider's claims."""
    return {
        "full_name": full_name_from_claims(claims),
        "email": email_from_claims(claims),
        "phone": phone_from_claims(claims),
    }


class EgovOIDCBackend(OIDCAuthenticationBackend):
    """OIDC backend matching by subject and creating citizens only (see the module docstring)."""

    def intent(self) -> str:
        request = getattr(self, "request", None)
        session = getattr(request, "session", None) or {}
        return STAFF_INTENT if session.get(INTENT_SESSION_KEY) == STAFF_INTENT else CITIZEN_INTENT

    def allowed_kinds(self) -> tuple[str, ...]:
        if self.intent() == STAFF_INTENT:
            return (User.Kind.STAFF,)
        return (User.Kind.CITIZEN, User.Kind.BUSINESS)

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and user.kind not in self.allowed_kinds():
            return None
        return user

    def verify_claims(self, claims) -> bool:
        return bool(str(claims.get("sub") or "").strip())

    def describe_user_by_claims(self, claims) -> str:
        return f"sub {claims.get('sub')}"

    def filter_users_by_claims(self, claims):
        subject = str(claims.get("sub") or "").strip()
        if not subject:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(oidc_subject=subject)

    def get_username(self, claims) -> str:
        return username_for_subject(str(claims["sub"]).strip())

    def create_user(self, claims) -> User:
        if self.intent() == STAFF_INTENT:
            raise SuspiciousOperation("No staff account is linked to this subject")
        username = self.get_username(claims)
        if self.UserModel.objects.filter(username=username).exists():
            raise SuspiciousOperation("An account without this subject already uses its username")
        user = self.UserModel(
            username=username,
            kind=User.Kind.CITIZEN,
            oidc_subject=str(claims["sub"]).strip(),
            **citizen_fields_from_claims(claims),
        )
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user, claims):
        if user.kind == User.Kind.STAFF:
            return user
        fields = {name: value for name, value in citizen_fields_from_claims(claims).items() if value}
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, fields[name])
            user.save(update_fields=changed)
        return user
