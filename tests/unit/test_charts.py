"""The dashboard chart: every bar is drawn, and no label runs into the bars."""

from __future__ import annotations

import io

from PIL import Image

from core.interactions.charts import LABEL_WIDTH, MARGIN, Panel, _wide, bar_charts, wrap_label

LONG = "Afrique du Nord, Moyen-Orient et Asie centrale (sous-région Maghreb élargi)"


def test_a_long_label_is_wrapped_then_shortened_within_its_column() -> None:
    lines = wrap_label(LONG)
    assert 1 < len(lines) <= 2
    assert lines[-1].endswith("…")
    assert all(_wide(line) <= LABEL_WIDTH for line in lines)
    assert wrap_label("Europe") == ["Europe"]
    assert " ".join(wrap_label("Amérique latine et Caraïbes")).rstrip("…") in (
        "Amérique latine et Caraïbes"
    )


def test_every_region_is_drawn_and_the_gap_before_the_bars_stays_empty() -> None:
    bars = [(f"{LONG} {n}", 20 - n) for n in range(14)]
    few = Image.open(io.BytesIO(bar_charts("Dashboard", [Panel("Regions", bars[:3])], empty="-")))
    many = Image.open(io.BytesIO(bar_charts("Dashboard", [Panel("Regions", bars)], empty="-")))
    assert many.height > few.height + 10 * 30  # fourteen rows, not eight
    pixels = many.convert("L").load()
    assert pixels is not None
    gap = range(MARGIN + LABEL_WIDTH + 2, MARGIN + LABEL_WIDTH + 18)
    assert all(pixels[x, y] == 255 for x in gap for y in range(64 + 46, many.height))
