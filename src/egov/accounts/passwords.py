"""Password rules of Vietnamese government guidance (TCVN 11930:2017, Thông tư 12/2022/TT-BTTTT): at least 8
characters with lower-case and upper-case letters, digits and special characters; together with Django's
validators (minimum length, similarity to the account, the offline list of 20,000 common/breached passwords,
not only digits) configured in ``AUTH_PASSWORD_VALIDATORS``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassesValidator:
    """Requires lower-case and upper-case letters, a digit and a special character (Vietnamese letters count)."""

    def validate(self, password, user=None):
        missing = []
        if not any(c.islower() for c in password):
            missing.append(_("chữ thường"))
        if not any(c.isupper() for c in password):
            missing.append(_("chữ hoa"))
        if not any(c.isdigit() for c in password):
            missing.append(_("chữ số"))
        if all(c.isalnum() for c in password):
            missing.append(_("ký tự đặc biệt"))
        if missing:
            raise ValidationError(
                _("Mật khẩu phải có chữ thường, chữ hoa, chữ số và ký tự đặc biệt; còn thiếu: %(missing)s.")
                % {"missing": ", ".join(missing)},
                code="password_character_classes",
            )

    def get_help_text(self):
        return _("Mật khẩu phải có chữ thường, chữ hoa, chữ số và ký tự đặc biệt (ví dụ: ! @ # - _).")
