"""Page slugs from Vietnamese titles: "Tuyên truyền pháp luật tại xã Phú Lộc" →
``tuyen-truyen-phap-luat-tai-xa-phu-loc``.

Django's ``slugify`` drops ``đ`` (it has no decomposition) and Wagtail's editor pre-fill drops every letter it has
no table for (ề, ậ, ạ, ộ...: ``tuyen-truyn-phap-lut-ti-xa-phu-lc``) and turns ``đ`` into ``dj``. One rule here,
used by the server (``slugify_vi``, ``repaired_slug``) and by the editor's slug field (``SLUG_FORMATTERS``, applied
by Wagtail's slug controller before its own transliteration).
"""

import unicodedata

from django.utils.text import slugify

from egov.search.text import normalize

# Every Vietnamese vowel with its marks, by base letter (lower and upper case), plus đ/Đ.
_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
_BASE = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}


def _letters_for(base: str) -> str:
    letters = set()
    for vowel in _VOWELS:
        if _BASE.get(vowel, vowel) != base:
            continue
        for tone in _TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            if letter != base:
                letters.update((letter, letter.upper()))
    return "".join(sorted(letters))


SLUG_FORMATTERS = [(f"[{_letters_for(base)}]", base) for base in "aeiouy"] + [("[đĐ]", "d")]
# Wagtail's controller reads (pattern, replacement, flags); "gu": every occurrence, unicode.
SLUG_FORMATTERS = [(pattern, replacement, "gu") for pattern, replacement in SLUG_FORMATTERS]


def slugify_vi(text: str) -> str:
    """ASCII slug: tones and vowel marks removed, ``đ`` → ``d``, words joined with ``-``."""
    return slugify(normalize(text))


def _is_lossy_copy(slug: str, proper: str) -> bool:
    """``slug`` is ``proper`` with letters dropped or ``đ`` → ``dj`` (an editor pre-fill that lost letters),
    word for word; a slug the editor chose (other or fewer words) is not."""
    words, proper_words = slug.replace("dj", "d").split("-"), proper.split("-")
    if len(words) != len(proper_words):
        return False
    for word, target in zip(words, proper_words, strict=True):
        letters = iter(target)
        if not all(char in letters for char in word):  # ``word`` is a subsequence of ``target``
            return False
    return True


def repaired_slug(slug: str, title: str) -> str:
    """The slug to keep: ``slugify_vi(title)`` when ``slug`` is empty or a lossy transliteration of ``title``."""
    proper = slugify_vi(title)
    if not proper:
        return slug
    if not slug or (slug != proper and _is_lossy_copy(slug, proper)):
        return proper
    return slug
