"""The dashboard chart: every bar is drawn, and no label runs into the bars."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from PIL import Image

from core.interactions import charts
from core.interactions.charts import LABEL_WIDTH, MARGIN, Panel, _wide, bar_charts, wrap_label
from core.interactions.model import Reply, reply_from_data, reply_to_data

LONG = "Afrique du Nord, Moyen-Orient et Asie centrale (sous-région Maghreb élargi)"


def test_a_long_label_is_wrapped_then_shortened_within_its_column() -> None:
    lines = wrap_label(LONG)
    assert 1 < len(lines) <= 2
    assert lines[-1].endswith("…")
    assert all(_wide(line) <= LABEL_WIDTH for line in lines)
    assert wrap_label("Europe") == ("Europe",)
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


async def test_a_chart_is_kept_as_data_through_the_outbox_and_drawn_off_the_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panels = [Panel("Régions", [("Europe", 3), ("Afrique de l'Ouest", 5)])]
    out = charts.chart_file("dashboard.png", "Tableau de bord", panels, empty="Rien")
    assert out.content == b""  # nothing is drawn while the answer is being handled
    stored = reply_to_data(Reply(files=[out]))
    assert len(repr(stored)) < 400  # data, not a base64 image, in the outbox row
    (back,) = reply_from_data(stored).files
    assert back == out
    threads: list[threading.Thread] = []
    drawn = charts._drawn

    def noting(*args: Any) -> bytes:
        threads.append(threading.current_thread())
        return drawn(*args)

    monkeypatch.setattr(charts, "_drawn", noting)
    png = await charts.content_of(back)
    assert threads
    assert threading.main_thread() not in threads
    assert png == bar_charts("Tableau de bord", panels, empty="Rien")
    assert Image.open(io.BytesIO(png)).format == "PNG"
