"""Vietnamese identifiers checked the same way at the desk, on the portal and in the API.

- ID number (``validate_id_number``): the personal identification number of the citizen ID card (CCCD,
  12 digits), the old identity card (CMND, 9 digits) or a tax code (mã số thuế: 10 digits, or 13 for a
  branch, written ``0123456789-001``).
- Phone (``validate_phone``): a mobile number (10 digits, 03/05/07/08/09…) or a landline (11 digits, area
  code 02x), written with spaces, dots, dashes or +84.

Both return the normalised value and raise ``ValidationError`` with a Vietnamese message.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SEPARATORS = re.compile(r"[\s.()\-]")
ID_NUMBER = re.compile(r"^(\d{9}|\d{10}|\d{12}|\d{13})$")
TAX_BRANCH = re.compile(r"^(\d{10})-?(\d{3})$")
MOBILE = re.compile(r"^0[35789]\d{8}$")
LANDLINE = re.compile(r"^02\d{9}$")


def normalize_id_number(value: str) -> str:
    raw = re.sub(r"[\s.]", "", value or "")
    branch = TAX_BRANCH.match(raw)
    if branch:
        return f"{branch.group(1)}-{branch.group(2)}"
    if ID_NUMBER.match(raw):
        return raw
    raise ValidationError(
        _(
            "Số định danh “%(value)s” không hợp lệ: nhập số định danh cá nhân (căn cước, 12 chữ số), "
            "số chứng minh nhân dân (9 chữ số) hoặc mã số thuế (10 chữ số, hoặc 13 chữ số dạng 0123456789-001)."
        ),
        code="invalid_id_number",
        params={"value": value},
    )


def normalize_phone(value: str) -> str:
    raw = SEPARATORS.sub("", value or "")
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if MOBILE.match(raw) or LANDLINE.match(raw):
        return raw
    raise ValidationError(
        _(
            "Số điện thoại “%(value)s” không hợp lệ: nhập số di động 10 chữ số (ví dụ 0912345678) hoặc số cố "
            "định 11 chữ số có mã vùng (ví dụ 02438251234)."
        ),
        code="invalid_phone",
        params={"value": value},
    )


def validate_id_number(value: str) -> None:
    normalize_id_number(value)


def validate_phone(value: str) -> None:
    normalize_phone(value)
