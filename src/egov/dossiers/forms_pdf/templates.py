"""Form templates kept as data: one JSON file per form (texts, legal form numbers, layout parameters).

The bundled files live in ``data/forms/``. A province overrides them with a directory named by the
``FORM_TEMPLATES_DIR`` setting: a file there with the same name is merged key by key over the bundled one
(nested objects merged, lists and strings replaced), so an override holds only what changes. Font files
named in ``common.json`` are looked up in ``<FORM_TEMPLATES_DIR>/fonts/`` first, then in ``data/fonts/``.

Template strings are ReportLab paragraph markup (``<b>``, ``<i>``, ``<br/>``) with ``{placeholders}``
filled from the form's values (escaped); a literal brace is written ``{{`` or ``}}``.
"""

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED_FORMS = DATA_DIR / "forms"
BUNDLED_FONTS = DATA_DIR / "fonts"


def override_dir() -> Path | None:
    value = getattr(settings, "FORM_TEMPLATES_DIR", "") or ""
    return Path(value) if value else None


def load(name: str) -> dict:
    """The template ``name`` (bundled, merged with the province's override if there is one)."""
    bundled = BUNDLED_FORMS / f"{name}.json"
    if not bundled.is_file():
        raise ImproperlyConfigured(_("Không có mẫu biểu “%(name)s”.") % {"name": name})
    override = override_dir()
    path = override / f"{name}.json" if override else None
    mtime = path.stat().st_mtime_ns if path is not None and path.is_file() else None
    return _load(str(bundled), str(path) if mtime is not None else "", mtime)


@lru_cache(maxsize=64)
def _load(bundled: str, override: str, _mtime) -> dict:
    """Cached by path and modification time: an edited override is picked up without a restart."""
    data = _read(Path(bundled))
    if override:
        data = merge(data, _read(Path(override)))
    return data


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(
            _("Không đọc được mẫu biểu %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise ImproperlyConfigured(_("Mẫu biểu %(path)s phải là một đối tượng JSON.") % {"path": path})
    return data


def merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def font_path(filename: str) -> Path:
    override = override_dir()
    if override is not None and (override / "fonts" / filename).is_file():
        return override / "fonts" / filename
    path = BUNDLED_FONTS / filename
    if not path.is_file():
        raise ImproperlyConfigured(_("Không tìm thấy tệp phông chữ %(name)s.") % {"name": filename})
    return path


def clear_cache() -> None:
    _load.cache_clear()


class Values(dict):
    """Form values for ``fill``, escaped; a missing or empty value prints as the blank marker (to fill by hand)."""

    def __init__(self, raw: dict, blank: str = "…"):
        super().__init__({key: markup(value) or blank for key, value in raw.items()})
        self.blank = blank

    def __missing__(self, key):
        return self.blank


def fill(template: str, values: Values) -> str:
    """``template`` with its placeholders replaced by ``values``."""
    try:
        return template.format_map(values)
    except (ValueError, AttributeError, IndexError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(
            _("Mẫu biểu có chỗ điền không hợp lệ (%(error)s) trong: %(text)s") % {"error": exc, "text": template}
        ) from exc


def markup(value) -> str:
    """A value as safe paragraph markup: NFC (ReportLab draws one glyph per code point, so the accents of
    decomposed input would float), escaped, newlines as line breaks."""
    if value is None:
        return ""
    return escape(unicodedata.normalize("NFC", str(value))).replace("\n", "<br/>")
