"""Bar-chart images (PNG) drawn with Pillow: no plotting stack, no display needed."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, MARGIN, ROW, PANEL_TOP = 1000, 24, 30, 50
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
        _text(draw, (MARGIN, top + PANEL_TOP), empty, "#757575", 16)
        return
    largest = max(value for _, value in bars) or 1
    label_width, row = 260, ROW
    span = WIDTH - 2 * MARGIN - label_width - 60
    for index, (label, value) in enumerate(bars):
        y = top + PANEL_TOP + index * row
        _text(draw, (MARGIN, y + 2), label[:30], "#424242", 16)
        length = max(2, round(span * value / largest))
        x0 = MARGIN + label_width
        draw.rectangle((x0, y, x0 + length, y + row - 6), fill=COLOURS[index % len(COLOURS)])
        _text(draw, (x0 + length + 8, y + 2), str(value), "#212121", 16)


def _height(panel: Panel) -> int:
    return PANEL_TOP + ROW * max(1, min(len(panel.bars), MAX_BARS)) + 20


def bar_charts(heading: str, panels: Sequence[Panel], *, empty: str) -> bytes:
    """A PNG with `heading` and one horizontal bar chart per panel, stacked."""
    height = 70 + sum(_height(panel) for panel in panels)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    _text(draw, (MARGIN, 16), heading, "#1b5e20", 28)
    top = 64
    for panel in panels:
        draw.line((MARGIN, top, WIDTH - MARGIN, top), fill="#e0e0e0", width=2)
        _draw_panel(draw, panel, top, empty)
        top += _height(panel)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
