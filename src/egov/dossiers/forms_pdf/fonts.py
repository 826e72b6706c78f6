"""The font of the forms, registered once per process with ReportLab.

ReportLab's built-in fonts (Helvetica, Times) have no Vietnamese letters, so a TrueType font is embedded.
The bundled one is DejaVu Serif Condensed (Bitstream Vera licence, redistribution allowed; see
``data/fonts/LICENSE.txt``): a serif close in width to Times New Roman, the customary font of official
forms, which cannot be bundled (Microsoft's licence forbids redistribution). A province that holds a
licence for another font puts its .ttf files in ``<FORM_TEMPLATES_DIR>/fonts/`` and names them in its
``common.json`` override (``"fonts": {"regular": ..., "bold": ..., "italic": ..., "bold_italic": ...}``).
"""

from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from . import templates

STYLES = ("regular", "bold", "italic", "bold_italic")


def family() -> str:
    """The registered family name for the fonts configured in ``common.json`` (registers on first use)."""
    files = templates.load("common")["fonts"]
    paths = tuple(str(templates.font_path(files[style])) for style in STYLES)
    return _register(paths)


@lru_cache(maxsize=8)
def _register(paths: tuple[str, ...]) -> str:
    name = f"EgovForm{_register.cache_info().currsize}"
    names = [f"{name}-{style}" for style in STYLES]
    for font_name, path in zip(names, paths, strict=True):
        pdfmetrics.registerFont(TTFont(font_name, path))
    regular, bold, italic, bold_italic = names
    # Paragraph markup <b>/<i> looks the face up by (family, bold, italic).
    for face, is_bold, is_italic in ((regular, 0, 0), (bold, 1, 0), (italic, 0, 1), (bold_italic, 1, 1)):
        addMapping(regular, is_bold, is_italic, face)
    return regular
