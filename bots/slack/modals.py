"""Slack modals (views.open) for the forms the core opens, and reading their submitted values."""

from __future__ import annotations

import json
from typing import Any

from bots.slack.blocks import escape
from core.interactions.model import (
    ChoiceField,
    DateField,
    FormField,
    FormOpening,
    Note,
    TextField,
    TimeField,
)

TITLE_MAX = 24  # Slack's limit for a modal's title and its buttons
LABEL_MAX = 2000  # an input's label
INPUT_MAX = 3000  # the longest max_length a plain_text_input accepts
OPTION_MAX = 75  # an option's text
OPTIONS_MAX = 100  # options shown in one select
SHOWN = 2_900  # a section's text holds 3,000 characters


def _plain(text: str, limit: int = 3000) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def text_input(item: TextField) -> dict[str, Any]:
    """A plain_text_input, no longer than Slack accepts."""
    longest = min(item.max_length, INPUT_MAX)
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": item.name,
        "multiline": item.multiline,
        "max_length": longest,
    }
    if item.initial:
        element["initial_value"] = item.initial[:longest]
    return {
        "type": "input",
        "block_id": item.name,
        "label": _plain(item.label, LABEL_MAX),
        "element": element,
        "optional": item.optional,
    }


def select(item: ChoiceField) -> dict[str, Any]:
    """A static_select with its first 100 options, the initial one chosen."""
    choices = [
        {"text": _plain(option.label, OPTION_MAX), "value": option.value}
        for option in item.options[:OPTIONS_MAX]
    ]
    element: dict[str, Any] = {"type": "static_select", "action_id": item.name, "options": choices}
    chosen = next((c for c in choices if c["value"] == item.initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    shown = {
        "type": "input",
        "block_id": item.name,
        "label": _plain(item.label),
        "element": element,
    }
    return {**shown, "optional": True} if item.optional else shown


def picker(item: DateField | TimeField) -> dict[str, Any]:
    """A datepicker or a timepicker."""
    day = isinstance(item, DateField)
    element: dict[str, Any] = {
        "type": "datepicker" if day else "timepicker",
        "action_id": item.name,
    }
    if item.initial:
        element["initial_date" if day else "initial_time"] = item.initial
    return {"type": "input", "block_id": item.name, "label": _plain(item.label), "element": element}


def note(item: Note) -> dict[str, Any]:
    """The form's words as a section, someone's text as escaped mrkdwn, a hint as context."""
    if item.kind == "hint":
        return {"type": "context", "elements": [_plain(item.text)]}
    if item.kind == "quote":
        return {"type": "section", "text": {"type": "mrkdwn", "text": escape(item.text[:SHOWN])}}
    return {"type": "section", "text": _plain(item.text)}


def block(item: FormField) -> dict[str, Any]:
    """The Slack block of one field of a form."""
    if isinstance(item, TextField):
        return text_input(item)
    if isinstance(item, ChoiceField):
        return select(item)
    if isinstance(item, Note):
        return note(item)
    return picker(item)


def view_for(opening: FormOpening, **carried: Any) -> dict[str, Any]:
    """The modal for a form the core opened (`carried` rides along: where a card is)."""
    return {
        "type": "modal",
        "callback_id": opening.name,
        "title": _plain(opening.title, TITLE_MAX),
        "submit": _plain(opening.submit, TITLE_MAX),
        "close": _plain(opening.close, TITLE_MAX),
        "private_metadata": json.dumps({**opening.meta, **carried}),
        "blocks": [block(item) for item in opening.fields],
    }


def values_of(view: dict[str, Any]) -> dict[str, str]:
    """Every input of a submitted view by name: text, chosen option, date or time ('' if none)."""
    found: dict[str, str] = {}
    for state in view.get("state", {}).get("values", {}).values():
        for name, element in state.items():
            option = element.get("selected_option") or {}
            value = (
                element.get("value")
                or option.get("value")
                or element.get("selected_date")
                or element.get("selected_time")
            )
            found[name] = str(value or "").strip()
    return found


def meta_of(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}
