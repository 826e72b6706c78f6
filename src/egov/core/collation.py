"""Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then the tones
(none, huyền, hỏi, ngã, sắc, nặng), then case. "Văn hóa" comes before "Việc làm", "Đất đai" after "Dân số".

Code-point order (Python's ``sorted``, SQLite's and PostgreSQL's "C" collation) puts "Việc làm" before
"Văn hóa" and every "Đ..." after "Z". Use:

- ``vi_key`` to sort in Python: ``sorted(names, key=vi_key)``;
- ``vi_order("name")`` in ``order_by(...)``: ``COLLATE "vi-x-icu"`` on PostgreSQL (its ICU collation), and on
  SQLite the same name registered on each connection with ``vi_key`` (see ``register_sqlite_collation``).
"""

import functools
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "vi-x-icu"

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_MODIFIED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô"}
_MODIFIED |= {("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _letters(text: str):
    """(letter, tone, is_upper) for each character of ``text``."""
    for char in unicodedata.normalize("NFC", text):
        lower = char.lower()
        if lower == "đ":
            yield "đ", 0, char != lower
            continue
        base, *marks = unicodedata.normalize("NFD", lower)
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            else:
                base = _MODIFIED.get((base, mark), base)
        yield base, tone, char != lower


def _rank(letter: str) -> tuple[int, int]:
    if letter in _RANK:
        return (2, _RANK[letter])
    if letter.isdigit():
        return (1, ord(letter))
    if letter.isspace() or not letter.isalnum():
        return (0, ord(letter))  # spaces and punctuation first: "Sở Y tế" before "Sở Ytế"
    return (3, ord(letter))  # other letters (f, j, w, z, foreign) after the Vietnamese ones


@functools.lru_cache(maxsize=4096)
def vi_key(text) -> tuple:
    """Sort key: letters first, tones second, case last (like a Vietnamese dictionary)."""
    letters = list(_letters(str(text or "")))
    return (
        tuple(_rank(letter) for letter, _tone, _upper in letters),
        tuple(tone for _letter, tone, _upper in letters),
        tuple(upper for _letter, _tone, upper in letters),
    )


def vi_sorted(items, key=lambda item: item):
    return sorted(items, key=lambda item: vi_key(key(item)))


def vi_order(field: str, descending: bool = False):
    """An ``order_by`` term sorting ``field`` in Vietnamese order on PostgreSQL and SQLite."""
    expression = Collate(F(field), COLLATION)
    return expression.desc() if descending else expression.asc()


def _compare(a: str, b: str) -> int:
    ka, kb = vi_key(a), vi_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite learns the collation PostgreSQL has from ICU."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)
