"""The guided report's table of steps: every step has its entry, stored drafts keep working."""

from __future__ import annotations

from core.domain.report_steps import ReportStep, following, step_of
from core.i18n import Translator
from core.interactions.report_dialog import STEPS, advance, press, prompt, take_text
from core.services.report_drafts import empty_data


def test_every_step_has_one_entry_and_drafts_stored_before_read_the_same() -> None:
    assert set(STEPS) == set(ReportStep)
    for stored in ("type", "title", "text", "files", "location", "confirm"):
        assert step_of(stored).value == stored
    assert step_of("something else") is ReportStep.CONFIRM
    assert following(ReportStep.CONFIRM) is ReportStep.CONFIRM


def test_text_at_each_step_moves_on_or_says_why_not() -> None:
    t = Translator("en")
    data = empty_data() | {"type": "news"}
    step, notes = take_text(t, ReportStep.TITLE, data, "A title")
    assert (step, notes, data["title"]) == (ReportStep.TEXT, [], "A title")
    step, notes = take_text(t, ReportStep.TITLE, data, "x" * 500)
    assert step is ReportStep.TITLE
    assert "at most" in notes[0]
    step, _ = take_text(t, ReportStep.TEXT, data, "What happened")
    assert step is ReportStep.FILES
    step, notes = take_text(t, ReportStep.FILES, data, "more")
    assert step is ReportStep.FILES
    assert data["text"] == "What happened\n\nmore"
    assert prompt(t, ReportStep.FILES, data).buttons


def test_buttons_change_one_part_then_come_back_to_the_summary() -> None:
    data = empty_data()
    assert press(ReportStep.TYPE, data, "type", "news") is ReportStep.TITLE
    assert press(ReportStep.CONFIRM, data, "change", "title") is ReportStep.TITLE
    assert advance(ReportStep.TITLE, data) is ReportStep.CONFIRM
    assert press(ReportStep.CONFIRM, data, "hide", "author") is ReportStep.CONFIRM
    assert data["hide_author"] is True
    data["latitude"] = 5.0
    assert advance(ReportStep.FILES, data) is ReportStep.CONFIRM
