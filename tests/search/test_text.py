import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.search.text import build_search_text, normalize, search_filter, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoà giải", "hoa giai"),
        ("Hòa giải", "hoa giai"),
        ("GIẤY PHÉP XÂY DỰNG", "giay phep xay dung"),
        ("Đăng ký kết hôn", "dang ky ket hon"),
        ("Thủ tục: cấp/đổi — CCCD", "thu tuc cap doi cccd"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_decomposed_and_composed_forms_match():
    import unicodedata

    word = "Quyết định"
    assert normalize(unicodedata.normalize("NFD", word)) == normalize(unicodedata.normalize("NFC", word))


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


def test_tokens_and_filter():
    assert tokens("  Giấy phép   xây dựng ") == ["giay", "phep", "xay", "dung"]
    q = search_filter("hoà giải")
    assert ("search_text__contains", "hoa") in q.children
    assert build_search_text("000.00.01.H29-240115-0001", "Nguyễn Văn A", None) == (
        "000 00 01 h29 240115 0001 nguyen van a"
    )
