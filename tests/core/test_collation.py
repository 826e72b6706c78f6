"""Vietnamese order for dropdowns and lists, in Python and in SQL (SQLite and PostgreSQL)."""

import pytest

from egov.core.collation import vi_key, vi_order, vi_sorted
from egov.procedures.models import Sector

NAMES = ["Việc làm", "Đất đai", "Văn hóa", "Dân số", "Y tế", "Ấn phẩm", "An ninh", "Ăn uống", "Giáo dục", "đăng ký"]
EXPECTED = ["An ninh", "Ăn uống", "Ấn phẩm", "Dân số", "đăng ký", "Đất đai", "Giáo dục", "Văn hóa", "Việc làm", "Y tế"]


def test_python_order():
    assert sorted(NAMES) != EXPECTED  # code-point order is wrong
    assert vi_sorted(NAMES) == EXPECTED
    assert vi_key("Văn hóa") < vi_key("Việc làm")
    assert vi_key("Đất đai") > vi_key("Dân số")


def test_tones_order_after_letters():
    assert vi_sorted(["ma", "mà", "mả", "mã", "má", "mạ"][::-1]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert vi_sorted(["mạ b", "ma c"]) == ["mạ b", "ma c"]  # letters decide before tones


def test_composed_and_decomposed_text_sort_alike():
    import unicodedata

    assert vi_key(unicodedata.normalize("NFD", "Việc làm")) == vi_key("Việc làm")


@pytest.mark.django_db
def test_sql_order():
    for i, name in enumerate(NAMES):
        Sector.objects.create(code=f"S{i}", name=name)
    assert list(Sector.objects.order_by(vi_order("name")).values_list("name", flat=True)) == EXPECTED
