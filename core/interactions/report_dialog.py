"""The guided report as a table of typed steps: what each step asks, and what text does there.

The draft (its step and a JSON dict) lives in the database (`services.report_drafts`); each
step of `ReportStep` has one entry in `STEPS`: its question and its handler for typed text.
Files, places and buttons act the same at every step (`report_draft_edits`, `press`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.domain.report_files import MAX_ATTACHMENTS
from core.domain.report_steps import EDITABLE, ReportStep, following
from core.domain.reports import MAX_REPORT_TEXT, MAX_TITLE, ReportType
from core.i18n import Translator
from core.interactions.model import Button, Reply, bold, say
from core.interactions.report_draft_edits import add_text, too_long
from core.interactions.reports_view import preview, publication_wish, type_label

VERB = "rdraft"

Data = dict[str, Any]
# A text handler changes the draft and says whether the dialog moves on, and what to tell.
TextHandler = Callable[[Translator, Data, str], tuple[bool, list[str]]]


@dataclass(frozen=True)
class Step:
    """One step of the guided report: its question (with buttons) and what text does there."""

    ask: Callable[[Translator, Data], Reply]
    on_text: TextHandler


def cancel_button(t: Translator) -> Button:
    return Button(t("Cancel"), f"{VERB}:cancel")


def _ask_type(t: Translator, data: Data) -> Reply:
    reply = say(t("What kind of report is it?"))
    for kind in ReportType:
        reply.button_row(Button(type_label(t, kind), f"{VERB}:type:{kind.value}"))
    return reply.button_row(cancel_button(t))


def _ask_title(t: Translator, data: Data) -> Reply:
    reply = say(t("Send the title of your report (at most {limit} characters).", limit=MAX_TITLE))
    return reply.button_row(cancel_button(t))


def _ask_text(t: Translator, data: Data) -> Reply:
    reply = say(t("Now send the text: what happened, where, who is involved."))
    return reply.button_row(cancel_button(t))


def _ask_files(t: Translator, data: Data) -> Reply:
    reply = say(
        t(
            "Send photos or files if you have some (up to {count}), then press Next.",
            count=MAX_ATTACHMENTS,
        )
    )
    if count := len(data.get("attachments") or ()):
        reply.add(t.plural("{count} file so far.", "{count} files so far.", count))
    return reply.button_row(Button(t("Next"), f"{VERB}:next:files"), cancel_button(t))


def _ask_location(t: Translator, data: Data) -> Reply:
    reply = say(
        t("Share the location if it matters (the paper clip, then Location), or press Skip.")
    )
    return reply.button_row(Button(t("Skip"), f"{VERB}:next:location"), cancel_button(t))


def _text_before_type(t: Translator, data: Data, text: str) -> tuple[bool, list[str]]:
    # Typed before the kind was chosen: kept as the text, not lost.
    kept = add_text(t, data, text)
    return False, [kept, t("Please choose the kind of report with one of the buttons.")]


def _text_as_title(t: Translator, data: Data, text: str) -> tuple[bool, list[str]]:
    if len(text) > MAX_TITLE:
        return False, [too_long(t, "title", len(text), MAX_TITLE)]
    data["title"] = text
    return True, []


def _text_as_text(t: Translator, data: Data, text: str) -> tuple[bool, list[str]]:
    if len(text) > MAX_REPORT_TEXT:
        return False, [too_long(t, "text", len(text), MAX_REPORT_TEXT)]
    if data.get("editing"):
        data["text"] = text
        return True, []
    # What came earlier (a caption, an early message) stays before the new text.
    before = str(data.get("text") or "")
    note = add_text(t, data, text)
    return (True, []) if data.get("text") != before else (False, [note])


def _text_added(t: Translator, data: Data, text: str) -> tuple[bool, list[str]]:
    return False, [add_text(t, data, text)]


def summary(t: Translator, data: Data) -> Reply:
    """The whole draft, to check before sending."""
    editing = data.get("report_id")
    head = (
        t("Your report #{id}, edited:", id=editing) if editing else t("Your report, ready to send:")
    )
    reply = say(bold(head))
    reply.add(bold(type_label(t, data.get("type") or "")), " — ", data.get("title") or "")
    if data.get("text"):
        reply.add(preview(t, data["text"], 600))
    if count := len(data.get("attachments") or ()):
        reply.add(t.plural("{count} file attached.", "{count} files attached.", count))
    if data.get("latitude") is not None:
        reply.add(
            t(
                "Location: {lat}, {lon}",
                lat=t.number(data["latitude"], 5),
                lon=t.number(data["longitude"], 5),
            )
        )
    if wish := publication_wish(t, bool(data.get("hide_author")), bool(data.get("hide_location"))):
        reply.add(wish)
    reply.add(t("Send it to the Secretariat?"))
    reply.button_row(Button(t("Send"), f"{VERB}:send"))
    reply.button_row(
        Button(t("Change the type"), f"{VERB}:change:type"),
        Button(t("Change the title"), f"{VERB}:change:title"),
        Button(t("Change the text"), f"{VERB}:change:text"),
    )
    reply.button_row(
        Button(
            t("Show my name") if data.get("hide_author") else t("Hide my name"),
            f"{VERB}:hide:author",
        ),
        Button(
            t("Show the location") if data.get("hide_location") else t("Hide the location"),
            f"{VERB}:hide:location",
        ),
    )
    return reply.button_row(
        Button(t("Add files or a location"), f"{VERB}:change:files"), cancel_button(t)
    )


STEPS: dict[ReportStep, Step] = {
    ReportStep.TYPE: Step(_ask_type, _text_before_type),
    ReportStep.TITLE: Step(_ask_title, _text_as_title),
    ReportStep.TEXT: Step(_ask_text, _text_as_text),
    ReportStep.FILES: Step(_ask_files, _text_added),
    ReportStep.LOCATION: Step(_ask_location, _text_added),
    ReportStep.CONFIRM: Step(summary, _text_added),
}


def prompt(t: Translator, step: ReportStep, data: Data) -> Reply:
    """What the current step asks for, with its buttons."""
    return STEPS[step].ask(t, data)


def take_text(
    t: Translator, step: ReportStep, data: Data, text: str
) -> tuple[ReportStep, list[str]]:
    """Feed typed text to the draft at `step`: the step it is at now, and what to tell."""
    moved, notes = STEPS[step].on_text(t, data, text)
    return (advance(step, data) if moved else step), notes


def press(step: ReportStep, data: Data, action: str, arg: str) -> ReportStep:
    """Apply a button of the draft (choose a type, go on, change a part, hide): the new step."""
    if action == "type" and arg in set(ReportType):
        data["type"] = arg
        return advance(step, data) if step in (ReportStep.TYPE, ReportStep.CONFIRM) else step
    if action == "next" and arg == step:
        return advance(step, data)
    if action == "change" and arg in EDITABLE:
        data["editing"] = True
        return ReportStep(arg)
    if action == "hide" and arg in ("author", "location"):
        data[f"hide_{arg}"] = not data.get(f"hide_{arg}")
    return step


def advance(step: ReportStep, data: Data) -> ReportStep:
    """The step after `step` (back to the summary when a single part was being changed)."""
    if data.get("editing") or step is ReportStep.CONFIRM:
        data["editing"] = False
        return ReportStep.CONFIRM
    after = following(step)
    if after is ReportStep.LOCATION and data.get("latitude") is not None:
        return ReportStep.CONFIRM  # the place came earlier, with a file or on its own
    return after
