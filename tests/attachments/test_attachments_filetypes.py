import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from egov.attachments.filetypes import detect_kind
from egov.attachments.validation import clean_name


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_detect_kind_never_crashes_on_random_bytes(data):
    kind = detect_kind(io.BytesIO(data))
    assert kind is None or kind.key in {"pdf", "jpeg", "png", "tiff", "docx", "xlsx", "odt", "ods"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_clean_name_is_a_bare_short_printable_name(raw):
    name = clean_name(raw)
    assert 0 < len(name) <= 255
    assert "/" not in name and "\\" not in name
    assert all(unicodedata.category(ch)[0] != "C" for ch in name)
    assert name == " ".join(name.split())


def test_clean_name_keeps_the_extension_of_long_names():
    assert clean_name("a" * 400 + ".pdf").endswith("a.pdf")
    assert len(clean_name("a" * 400 + ".pdf")) == 255
