"""Pure rules of field reports: near-duplicates, accepted files, one-step titles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.domain.geography import distance_km
from core.domain.report_files import MAX_ATTACHMENTS, MAX_FILE_SIZE, FileRefusal, refusal
from core.domain.similarity import ReportSketch, most_alike, resemblance
from core.interactions.report_draft_edits import one_step_title

T0 = datetime(2025, 5, 15, 9, 0, tzinfo=UTC)
FLOOD = "Heavy floods hit the cocoa farms near Kumasi this week"


def sketch(
    id_: int, text: str, days: float = 0, lat: float | None = None, lon: float | None = None
) -> ReportSketch:
    return ReportSketch(id_, text, T0 + timedelta(days=days), lat, lon)


def test_distance_between_abidjan_and_kumasi() -> None:
    assert 290 < distance_km(5.36, -4.01, 6.69, -1.62) < 315  # about 300 km as the crow flies


def test_reworded_text_is_a_duplicate_alone() -> None:
    hint = resemblance(
        sketch(1, FLOOD), sketch(2, "Kumasi: heavy floods hit the cocoa farms this week!", 1)
    )
    assert hint is not None
    assert hint.other_id == 2
    assert hint.text_score >= 85


def test_looser_text_needs_the_same_place_and_week() -> None:
    a = sketch(1, "Floods near Kumasi damaged cocoa farms", lat=6.69, lon=-1.62)
    b_near = sketch(2, "Cocoa farms flooded around Kumasi, many losses", 2, 6.70, -1.60)
    b_far = sketch(3, "Cocoa farms flooded around Kumasi, many losses", 2, 5.36, -4.01)
    b_late = sketch(4, "Cocoa farms flooded around Kumasi, many losses", 20, 6.70, -1.60)
    assert resemblance(a, b_near) is not None
    assert resemblance(a, b_far) is None
    assert resemblance(a, b_late) is None


def test_unrelated_old_or_same_reports_are_not_hinted() -> None:
    base = sketch(1, FLOOD)
    assert resemblance(base, sketch(2, "Biochar kiln training in Tamale")) is None
    assert resemblance(base, sketch(3, FLOOD, 45)) is None
    assert resemblance(base, base) is None
    assert resemblance(base, sketch(4, "   ")) is None


def test_most_alike_orders_by_score_and_limits() -> None:
    others = [sketch(i, FLOOD + "!" * i, i) for i in range(2, 8)]
    found = most_alike(sketch(1, FLOOD), others, limit=3)
    assert len(found) == 3
    assert found[0].text_score >= found[-1].text_score


@pytest.mark.parametrize(
    ("kind", "name", "mime", "size", "already", "expected"),
    [
        ("photo", None, "image/jpeg", 1000, 0, None),
        ("document", "yields.xlsx", None, 10, 0, None),
        ("sticker", None, None, None, 0, FileRefusal.KIND),
        ("animation", "a.gif", "image/gif", 10, 0, FileRefusal.KIND),
        ("document", "INSTALL.EXE", None, 10, 0, FileRefusal.PROGRAM),
        ("document", "x.bin", "application/x-msdownload", 10, 0, FileRefusal.PROGRAM),
        ("video", "v.mp4", "video/mp4", MAX_FILE_SIZE + 1, 0, FileRefusal.TOO_BIG),
        ("photo", None, None, 10, MAX_ATTACHMENTS, FileRefusal.TOO_MANY),
    ],
)
def test_which_files_a_report_keeps(
    kind: str,
    name: str | None,
    mime: str | None,
    size: int | None,
    already: int,
    expected: FileRefusal | None,
) -> None:
    assert refusal(kind, name, mime, size, already) is expected


def test_one_step_title_is_the_first_line_shortened_at_a_word() -> None:
    assert one_step_title("Short news\nand details") == "Short news"
    long = (
        "A very long first line about soil carbon in the Sahel that goes on and on and on forever"
    )
    title = one_step_title(long)
    assert title.endswith("…")
    assert len(title) <= 81
    assert long.startswith(title[:-1])
