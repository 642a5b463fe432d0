"""Bar-chart images (PNG) drawn with Pillow: no plotting stack, no display needed.

A reply carries its charts as data (`Chart`); they are drawn when the file is sent, in a
thread: Pillow encodes the PNG without holding the GIL, so the event loop goes on meanwhile.
"""

from __future__ import annotations

import asyncio
import io
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont

from core.interactions.model import Chart, OutFile, Panel

WIDTH, MARGIN, ROW, PANEL_TOP = 1000, 24, 30, 50
COLOURS = ("#2e7d32", "#8d6e63", "#f9a825", "#1565c0", "#6a1b9a", "#c62828", "#00838f", "#558b2f")


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


LABEL_WIDTH, LABEL_SIZE, LINE = 300, 16, 20


def _fit(text: str, size: int = LABEL_SIZE) -> str:
    _, accented = _font(size)
    if not accented:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text


def _wide(text: str, size: int = LABEL_SIZE) -> float:
    font, _ = _font(size)
    return float(font.getlength(_fit(text, size)))


@lru_cache(maxsize=1024)
def wrap_label(label: str, width: int = LABEL_WIDTH, lines: int = 2) -> tuple[str, ...]:
    """The label on at most `lines` lines of `width` pixels, the last shortened with "…"
    (remembered: the same categories and regions come back in every chart)."""
    words, out, current = label.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if _wide(trial) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
    out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    last = out[-1]
    if _wide(last) > width:
        while last and _wide(last + "…") > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return tuple(out)


def _rows(panel: Panel) -> list[tuple[tuple[str, ...], int]]:
    return [(wrap_label(label), value) for label, value in panel.bars]


def _draw_panel(draw: ImageDraw.ImageDraw, panel: Panel, top: int, empty: str) -> None:
    _text(draw, (MARGIN, top + 8), panel.title, "#212121", 22)
    rows = _rows(panel)
    if not rows:
        _text(draw, (MARGIN, top + PANEL_TOP), empty, "#757575", 16)
        return
    largest = max(value for _, value in rows) or 1
    span = WIDTH - 2 * MARGIN - LABEL_WIDTH - 20 - 60
    y = top + PANEL_TOP
    for index, (lines, value) in enumerate(rows):
        height = max(ROW, LINE * len(lines) + 10)
        for number, line in enumerate(lines):
            _text(draw, (MARGIN, y + 2 + number * LINE), line, "#424242", LABEL_SIZE)
        length = max(2, round(span * value / largest))
        x0 = MARGIN + LABEL_WIDTH + 20
        draw.rectangle((x0, y, x0 + length, y + ROW - 6), fill=COLOURS[index % len(COLOURS)])
        _text(draw, (x0 + length + 8, y + 2), str(value), "#212121", 16)
        y += height


def _height(panel: Panel) -> int:
    rows = _rows(panel)
    body = sum(max(ROW, LINE * len(lines) + 10) for lines, _ in rows) if rows else ROW
    return PANEL_TOP + body + 20


def bar_charts(heading: str, panels: Sequence[Panel], *, empty: str) -> bytes:
    """A PNG with `heading` and one horizontal bar chart per panel, stacked."""
    return _drawn(heading, tuple(panels), empty)


def chart_file(filename: str, heading: str, panels: Sequence[Panel], *, empty: str) -> OutFile:
    """A PNG file of `bar_charts`, drawn when it is sent (`content_of`)."""
    return OutFile(filename, b"", "image/png", Chart(heading, tuple(panels), empty))


async def content_of(out: OutFile) -> bytes:
    """The bytes of a file to send: a chart is drawn in a thread (or found already drawn)."""
    if out.chart is None:
        return out.content
    return await asyncio.to_thread(drawn_now, out)


def drawn_now(out: OutFile) -> bytes:
    """The bytes of a file, a chart drawn here and now (for callers that may block)."""
    if out.chart is None:
        return out.content
    return _drawn(out.chart.heading, out.chart.panels, out.chart.empty)


@lru_cache(maxsize=16)
def _drawn(heading: str, panels: tuple[Panel, ...], empty: str) -> bytes:
    """The PNG, remembered: the figures change far less often than people ask for them."""
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
    # The fastest deflate: a few percent larger than level 6, in about half the time.
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
