"""Vietnamese ID numbers and phones, checked the same way at the desk, online and in the services (issue 13,
minor: "12345", "09xx" and "abc" passed)."""

import pytest
from django.core.exceptions import ValidationError

from egov.core.validators import normalize_id_number, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("001190012345", "001190012345"),  # CCCD, 12 digits
        ("001 190 012 345", "001190012345"),
        ("123456789", "123456789"),  # CMND, 9 digits
        ("0101234567", "0101234567"),  # tax code, 10 digits
        ("0101234567-001", "0101234567-001"),  # tax code of a branch, 13 digits
        ("0101234567001", "0101234567-001"),
    ],
)
def test_valid_id_numbers(raw, expected):
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "abc", "09xx", "00119001234", "0011900123456789", "0101234567-01"])
def test_invalid_id_numbers_are_refused_in_vietnamese(raw):
    with pytest.raises(ValidationError) as info:
        normalize_id_number(raw)
    assert "không hợp lệ" in info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0387.654.321", "0387654321"),
        ("024 3825 1234", "02438251234"),  # Hà Nội landline
        ("0236-3821-234", "02363821234"),
    ],
)
def test_valid_phones(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "09xx", "abc", "0123456789", "091234567", "09123456789", "0200 1"])
def test_invalid_phones_are_refused_in_vietnamese(raw):
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert "Số điện thoại" in info.value.messages[0]
