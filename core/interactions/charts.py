"""Bar-chart images (PNG) drawn with Pillow: no plotting stack, no display needed."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, PANEL_HEIGHT, MARGIN = 1000, 300, 24
COLOURS = ("#2e7d32", "#8d6e63", "#f9a825", "#1565c0", "#6a1b9a", "#c62828", "#00838f", "#558b2f")
MAX_BARS = 8


@dataclass(frozen=True)
class Panel:
    """One chart: a title and (label, value) bars, drawn largest first."""

    title: str
    bars: Sequence[tuple[str, int]]


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(size: int) -> tuple[Font, bool]:
    """A system font with accents (DejaVu) if there is one, else Pillow's ASCII-only font."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size), True
    except OSError:
        return ImageFont.load_default(size=size), False


def _text(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, fill: str, size: int) -> None:
    font, accented = _font(size)
    if not accented:  # "catégorie" -> "categorie" rather than a missing glyph
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    draw.text(at, text, fill=fill, font=font)


def _draw_panel(draw: ImageDraw.ImageDraw, panel: Panel, top: int, empty: str) -> None:
    _text(draw, (MARGIN, top + 8), panel.title, "#212121", 22)
    bars = list(panel.bars)[:MAX_BARS]
    if not bars:
        _text(draw, (MARGIN, top + 60), empty, "#757575", 16)
        return
    largest = max(value for _, value in bars) or 1
    label_width, row = 260, (PANEL_HEIGHT - 56) // MAX_BARS
    span = WIDTH - 2 * MARGIN - label_width - 60
    for index, (label, value) in enumerate(bars):
        y = top + 46 + index * row
        _text(draw, (MARGIN, y + 2), label[:30], "#424242", 16)
        length = max(2, round(span * value / largest))
        x0 = MARGIN + label_width
        draw.rectangle((x0, y, x0 + length, y + row - 8), fill=COLOURS[index % len(COLOURS)])
        _text(draw, (x0 + length + 8, y + 2), str(value), "#212121", 16)


def bar_charts(heading: str, panels: Sequence[Panel], *, empty: str) -> bytes:
    """A PNG with `heading` and one horizontal bar chart per panel, stacked."""
    height = 60 + PANEL_HEIGHT * len(panels)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    _text(draw, (MARGIN, 16), heading, "#1b5e20", 28)
    for index, panel in enumerate(panels):
        top = 60 + index * PANEL_HEIGHT
        draw.line((MARGIN, top, WIDTH - MARGIN, top), fill="#e0e0e0", width=2)
        _draw_panel(draw, panel, top, empty)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
