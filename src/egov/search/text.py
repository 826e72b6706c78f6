"""Vietnamese text normalisation for diacritic-insensitive search.

``normalize("Hoà giải ở cơ sở")`` and ``normalize("hòa giai o co so")`` both give ``"hoa giai o co so"``:
tone marks and vowel marks are removed (whatever their placement, composed or decomposed), ``đ``
becomes ``d``, case is folded and runs of non-alphanumeric characters become one space. Models keep
a normalised ``search_text`` column and filter it with ``search_filter``.
"""

import re
import unicodedata

from django.db.models import Q

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def tokens(query: str | None) -> list[str]:
    return normalize(query).split()


def search_filter(query: str | None, field: str = "search_text") -> Q:
    """A filter matching rows whose normalised ``field`` contains every word of ``query``."""
    condition = Q()
    for token in tokens(query):
        condition &= Q(**{f"{field}__contains": token})
    return condition


def build_search_text(*parts) -> str:
    """The value to store in a ``search_text`` column, from the fields a user may search on."""
    return " ".join(filter(None, (normalize(str(p)) for p in parts if p is not None)))
