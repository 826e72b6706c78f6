"""Visible signature appearances (Decree 30/2020), drawn with Pillow and placed by pyHanko.

- ``signature``: the signer's box — title, a blue signature image, the name — usually on the last page.
- ``seal``: the organisation's red seal, overlapping about a third of the signature box on its left.
- ``stamp``: on attachments, the organisation's text stamp at the top right of page 1:
  number/notation and the signing time in ISO 8601, Vietnam time (Times New Roman 10 pt).

Positions are PDF points from the bottom-left corner; each template is a dict, and settings
``SIGNATURES_APPEARANCE_TEMPLATES`` may add templates or override keys of the built-in ones.
The signature image is generated from the name (no handwritten specimen is on record yet).
"""

import datetime as dt
import math
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

from . import conf

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SCALE = 4  # image pixels per PDF point
BLUE, RED, BLACK = (20, 50, 170, 255), (210, 20, 30, 255), (0, 0, 0, 255)
A4 = (595, 842)

DEFAULT_TEMPLATES = {
    "default": {
        "signature": {"page": -1, "box": [330, 80, 540, 190]},
        "seal": {"size": 105, "overlap": 1 / 3},
        "stamp": {"page": 0, "width": 200, "height": 30, "margin": 14},
    },
}

SERIF_FONTS = (
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",  # full Vietnamese coverage (Liberation lacks some)
)
BOLD_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",)
ITALIC_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",)


@dataclass
class Appearance:
    """What to draw. ``kind`` is "signature", "seal" or "stamp"; ``template`` names the positions."""

    kind: str
    template: str = "default"
    title: str = ""  # signature: the signer's title, e.g. "GIÁM ĐỐC"
    name: str = ""  # signature: the signer's name; seal: the organisation's name
    notation: str = ""  # stamp: number/notation, e.g. "15/QĐ-UBND"
    signed_at: dt.datetime | None = None  # stamp: defaults to now


def template(name: str) -> dict:
    merged = {key: dict(value) for key, value in DEFAULT_TEMPLATES["default"].items()}
    for key, value in {**DEFAULT_TEMPLATES, **conf.appearance_templates()}.get(name, {}).items():
        merged.setdefault(key, {}).update(value)
    return merged


@lru_cache(maxsize=64)
def _font(candidates: tuple[str, ...], size_pt: float):
    for path in (conf.font_path(), *candidates):
        if path:
            try:
                return ImageFont.truetype(path, int(size_pt * SCALE))
            except OSError:
                continue
    return ImageFont.load_default(size=int(size_pt * SCALE))


def _canvas(width_pt: float, height_pt: float) -> Image.Image:
    return Image.new("RGBA", (int(width_pt * SCALE), int(height_pt * SCALE)), (255, 255, 255, 0))


def _centered(draw: ImageDraw.ImageDraw, width: int, y: float, text: str, font, fill) -> None:
    draw.text((width / 2, y), text, font=font, fill=fill, anchor="mt")


def signature_image(title: str, name: str, width_pt: float, height_pt: float) -> Image.Image:
    img = _canvas(width_pt, height_pt)
    draw = ImageDraw.Draw(img)
    w, h = img.size
    for index, line in enumerate(title.upper().splitlines()[:2]):  # e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
        _centered(draw, w, (2 + 12 * index) * SCALE, line, _font(BOLD_FONTS, 10), BLACK)
    _centered(draw, w, h * 0.36, name, _font(ITALIC_FONTS, 15), BLUE)  # stands for the handwritten specimen
    _centered(draw, w, h - 15 * SCALE, name, _font(BOLD_FONTS, 10), BLACK)
    return img


def _star(draw: ImageDraw.ImageDraw, centre: tuple[float, float], radius: float) -> None:
    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    draw.polygon(points, fill=RED)


def seal_image(organisation: str, size_pt: float) -> Image.Image:
    img = _canvas(size_pt, size_pt)
    draw = ImageDraw.Draw(img)
    s = img.size[0]
    ring = max(2, int(2.2 * SCALE))
    draw.ellipse((ring, ring, s - ring, s - ring), outline=RED, width=ring)
    inner = int(s * 0.12)
    draw.ellipse((inner, inner, s - inner, s - inner), outline=RED, width=max(1, ring // 2))
    lines = textwrap.wrap(organisation.upper(), width=16)[:4]
    font = _font(BOLD_FONTS, 7)
    line_h = 9 * SCALE
    top = s / 2 - line_h * len(lines) / 2 + 6 * SCALE
    _star(draw, (s / 2, s * 0.24), s * 0.07)
    for index, line in enumerate(lines):
        _centered(draw, s, top + index * line_h, line, font, RED)
    return img


def vietnam_iso(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).replace(microsecond=0).isoformat()


def stamp_image(notation: str, signed_at: dt.datetime, width_pt: float, height_pt: float) -> Image.Image:
    img = _canvas(width_pt, height_pt)
    draw = ImageDraw.Draw(img)
    font = _font(SERIF_FONTS, 10)
    draw.rectangle((0, 0, img.size[0] - 1, img.size[1] - 1), outline=RED, width=SCALE // 2)
    draw.text((4 * SCALE, 3 * SCALE), notation, font=font, fill=BLACK)
    draw.text((4 * SCALE, 15 * SCALE), vietnam_iso(signed_at), font=font, fill=BLACK)
    return img


def seal_box(signature_box: list[float], size: float, overlap: float) -> tuple[int, int, int, int]:
    """The seal's box: its right edge covers ``overlap`` of the signature box from the left, centred on it."""
    x1, y1, x2, y2 = signature_box
    right = x1 + (x2 - x1) * overlap
    middle = (y1 + y2) / 2
    return int(right - size), int(middle - size / 2), int(right), int(middle + size / 2)


def stamp_box(page_size: tuple[float, float], width: float, height: float, margin: float) -> tuple[int, int, int, int]:
    page_w, page_h = page_size
    return int(page_w - margin - width), int(page_h - margin - height), int(page_w - margin), int(page_h - margin)


def page_index(appearance: Appearance) -> int:
    """The page the appearance goes on (negative: from the end)."""
    spec = template(appearance.template)
    return spec["stamp"]["page"] if appearance.kind == "stamp" else spec["signature"]["page"]


def layout(
    appearance: Appearance, page_size: tuple[float, float]
) -> tuple[int, tuple[int, int, int, int], Image.Image]:
    """(page index, box, image) for ``appearance``."""
    spec = template(appearance.template)
    sig = spec["signature"]
    if appearance.kind == "signature":
        box = tuple(int(v) for v in sig["box"])
        return sig["page"], box, signature_image(appearance.title, appearance.name, box[2] - box[0], box[3] - box[1])
    if appearance.kind == "seal":
        size = spec["seal"]["size"]
        box = seal_box(sig["box"], size, spec["seal"]["overlap"])
        return sig["page"], box, seal_image(appearance.name, size)
    if appearance.kind == "stamp":
        st = spec["stamp"]
        box = stamp_box(page_size, st["width"], st["height"], st["margin"])
        signed_at = appearance.signed_at or dt.datetime.now(dt.UTC)
        return st["page"], box, stamp_image(appearance.notation, signed_at, st["width"], st["height"])
    raise ValueError(f"Unknown appearance kind: {appearance.kind!r}")
