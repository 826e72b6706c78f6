import pytest
from django.core.exceptions import ValidationError

from egov.agencies.models import ORGAN_ID_MAX_LENGTH, validate_organ_id


@pytest.mark.parametrize(
    "value",
    ["000.00.00.H12", "G01", "000.00.12.H29", "A", "0.0", "H99", "A" * ORGAN_ID_MAX_LENGTH, "ABC.123.Z9"],
)
def test_valid_organ_ids(value):
    validate_organ_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "000.00.00.h12",  # lowercase
        "g01",
        "",  # empty
        "000..00.H12",  # empty group
        ".G01",
        "G01.",
        ".",
        "000.00.00 .H12",  # spaces
        " G01",
        "G01 ",
        "000 00 00 H12",
        "Đ01",  # Vietnamese letters
        "000.00.00.HẢ",
        "SỞ.01",
        "000-00-00-H12",
        "000/00",
        "A" * (ORGAN_ID_MAX_LENGTH + 1),  # too long
        "000.00.00.H12.000.00.00.H12.000.00.00",
    ],
)
def test_invalid_organ_ids(value):
    with pytest.raises(ValidationError):
        validate_organ_id(value)


def test_too_long_message_names_the_limit_in_vietnamese():
    with pytest.raises(ValidationError) as info:
        validate_organ_id("A" * 36)
    assert info.value.code == "organ_id_length"
    assert "tối đa 35 ký tự" in info.value.messages[0]


def test_format_message_is_vietnamese_with_an_example():
    with pytest.raises(ValidationError) as info:
        validate_organ_id("000.00.00.h12")
    assert info.value.code == "organ_id_format"
    assert "Mã định danh cơ quan" in info.value.messages[0]
    assert "000.00.00.H12" in info.value.messages[0]
