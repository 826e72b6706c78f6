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
  e-mail and phone are refreshed from the claims. An unknown subject whose ID number (claim
  ``OIDC_ID_NUMBER_CLAIM``) is the *verified* ID number of an account (``User.verified_id_number``, set
  only from an identity provider, unique in the database) signs in to that account. An unknown subject
  whose ID number is only *declared* in an account's profile (receivers of ``accounts_declaring_id_number``
  name those accounts) is refused with a message: sign in to that account, then link VNeID from the
  profile. Otherwise the subject becomes a new citizen account (kind ``citizen``, no usable password)
  from the VNeID-style claims ``name``, ``email``, ``phone_number``. Never two accounts for one ID
  number. A staff subject is refused here.
- Link intent (a signed-in citizen presses "Liên kết VNeID" on their profile): the subject is attached to
  that account, but only when the account has no subject yet and the provider's ID number (claim
  ``OIDC_ID_NUMBER_CLAIM``, default ``citizen_id``) matches the one in the profile, if any. An existing
  password account is never linked silently by its ID number: the number in a profile is self-declared.

The ID token's audience must be our client id (and its issuer ``OIDC_OP_ISSUER`` when set); the userinfo
subject must be the ID token's. After a citizen signs in, ``citizen_claims_received`` is sent with the
userinfo claims so the portal can fill the profile (ID number, birth date) from the identity provider.
"""

import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.dispatch import Signal
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User

INTENT_SESSION_KEY = "egov_oidc_intent"
STAFF_INTENT = "staff"
CITIZEN_INTENT = "citizen"
LINK_INTENT = "link"
LINK_USER_SESSION_KEY = "egov_oidc_link_user"
LINK_ID_NUMBER_SESSION_KEY = "egov_oidc_link_id_number"

# Sent with ``user`` and ``claims`` (the userinfo claims) after a citizen or business signs in by OIDC.
citizen_claims_received = Signal()
# Sent with ``id_number``; each receiver returns the accounts whose profile declares that ID number.
accounts_declaring_id_number = Signal()


class ExistingAccount(Exception):
    """The provider's ID number belongs to an account not linked to this subject (sign in to it, then link)."""


def id_number_from_claims(claims: dict) -> str:
    claim = getattr(settings, "OIDC_ID_NUMBER_CLAIM", "") or "citizen_id"
    value = str(claims.get(claim) or "").strip()
    return value if re.fullmatch(r"\d{9,13}", value) else ""


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
        session = self._session()
        intent = session.get(INTENT_SESSION_KEY)
        return intent if intent in (STAFF_INTENT, LINK_INTENT) else CITIZEN_INTENT

    def _session(self):
        return getattr(getattr(self, "request", None), "session", None) or {}

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token audience is not this client")
        expected_issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if expected_issuer and payload.get("iss") != expected_issuer:
            raise SuspiciousOperation("ID token issuer mismatch")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if str(claims.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        self.claims = claims
        return claims

    def allowed_kinds(self) -> tuple[str, ...]:
        if self.intent() == STAFF_INTENT:
            return (User.Kind.STAFF,)
        return (User.Kind.CITIZEN, User.Kind.BUSINESS)

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            user = super().get_or_create_user(access_token, id_token, payload)
        except ExistingAccount:
            request = getattr(self, "request", None)
            if request is not None:
                messages.warning(
                    request,
                    _(
                        "Số định danh cá nhân của bạn đã có tài khoản trên Cổng dịch vụ công. Vui lòng đăng nhập "
                        "bằng tài khoản đó (thư điện tử hoặc số điện thoại và mật khẩu), rồi chọn “Liên kết VNeID” "
                        "trong trang Tài khoản để lần sau đăng nhập bằng VNeID."
                    ),
                )
            return None
        if user is not None and user.kind not in self.allowed_kinds():
            return None
        if user is not None and user.kind != User.Kind.STAFF:
            citizen_claims_received.send(sender=type(self), user=user, claims=getattr(self, "claims", payload))
        return user

    def verify_claims(self, claims) -> bool:
        return bool(str(claims.get("sub") or "").strip())

    def describe_user_by_claims(self, claims) -> str:
        return f"sub {claims.get('sub')}"

    def filter_users_by_claims(self, claims):
        subject = str(claims.get("sub") or "").strip()
        if not subject:
            return self.UserModel.objects.none()
        users = self.UserModel.objects.filter(oidc_subject=subject)
        if users.exists():
            return users
        if self.intent() == LINK_INTENT:
            return [self._link(subject, claims)]
        if self.intent() == CITIZEN_INTENT and (id_number := id_number_from_claims(claims)):
            verified = self.UserModel.objects.applicants().filter(verified_id_number=id_number)
            if verified.exists():
                return verified
            if self._declared_by_others(id_number):
                raise ExistingAccount(id_number)
        return users

    def _declared_by_others(self, id_number: str) -> bool:
        for _receiver, accounts in accounts_declaring_id_number.send(sender=type(self), id_number=id_number):
            if any(a.kind != User.Kind.STAFF for a in accounts or ()):
                return True
        return False

    def _verify_id_number(self, user, claims) -> list[str]:
        """Record the provider's ID number as the account's verified one unless another account holds it."""
        id_number = id_number_from_claims(claims)
        if not id_number or user.verified_id_number == id_number:
            return []
        if self.UserModel.objects.filter(verified_id_number=id_number).exclude(pk=user.pk).exists():
            return []
        user.verified_id_number = id_number
        return ["verified_id_number"]

    def _link(self, subject: str, claims: dict) -> User:
        """Attach ``subject`` to the signed-in citizen who asked for it (see the module docstring)."""
        session = self._session()
        user = getattr(self.request, "user", None)
        if not (user and user.is_authenticated and user.pk == session.get(LINK_USER_SESSION_KEY)):
            raise SuspiciousOperation("Link requested without the signed-in account")
        if user.kind not in (User.Kind.CITIZEN, User.Kind.BUSINESS) or user.oidc_subject:
            raise SuspiciousOperation("Account cannot be linked")
        declared = session.get(LINK_ID_NUMBER_SESSION_KEY) or ""
        if declared and declared != id_number_from_claims(claims):
            raise SuspiciousOperation("ID number of the provider differs from the profile's")
        id_number = id_number_from_claims(claims)
        if id_number and self.UserModel.objects.filter(verified_id_number=id_number).exclude(pk=user.pk).exists():
            raise SuspiciousOperation("Another account holds this verified ID number")
        user.oidc_subject = subject
        user.save(update_fields=["oidc_subject", *self._verify_id_number(user, claims)])
        for key in (INTENT_SESSION_KEY, LINK_USER_SESSION_KEY, LINK_ID_NUMBER_SESSION_KEY):
            session.pop(key, None)
        return user

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
            verified_id_number=id_number_from_claims(claims) or None,
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
        for name in changed:
            setattr(user, name, fields[name])
        changed += self._verify_id_number(user, claims)
        if changed:
            user.save(update_fields=changed)
        return user
