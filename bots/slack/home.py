"""The App Home tab (views.publish): the person's queue with bulk actions, meetings, figures."""

from __future__ import annotations

from typing import Any

from bots.slack.blocks import render_reply
from core.interactions.desk_home import Home
from core.interactions.model import Reply

PICK_ACTION = "desk_pick"
BULK_ACTIONS = {
    "desk_bulk_ok": "approved",
    "desk_bulk_no": "rejected",
    "desk_bulk_chg": "changes_requested",
}
STYLES = {"desk_bulk_ok": "primary", "desk_bulk_no": "danger"}
PER_CHECKBOXES = 10  # Slack's limit of options in one checkboxes element
MAX_BLOCKS = 100


def _plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": (text[: limit - 1] + "…") if len(text) > limit else text}


def _sections(reply: Reply) -> list[dict[str, Any]]:
    return [b for m in render_reply(reply) for b in m.blocks if b["type"] == "section"]


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": _plain(text, 150)}


def queue_blocks(home: Home) -> list[dict[str, Any]]:
    words = home.headings
    blocks: list[dict[str, Any]] = [_header(words.queue)]
    if not home.queue:
        blocks.append({"type": "context", "elements": [_plain(words.nothing_to_review, 2000)]})
        return blocks
    for start in range(0, len(home.queue), PER_CHECKBOXES):
        options = [
            {
                "text": _plain(entry.headline),
                "description": _plain(entry.title),
                "value": str(entry.report_id),
            }
            for entry in home.queue[start : start + PER_CHECKBOXES]
        ]
        blocks.append(
            {
                "type": "actions",
                "block_id": f"bulk_{start // PER_CHECKBOXES}",
                "elements": [{"type": "checkboxes", "action_id": PICK_ACTION, "options": options}],
            }
        )
    if home.more:
        blocks.append({"type": "context", "elements": [_plain(home.more, 2000)]})
    actions = {decision: action for action, decision in BULK_ACTIONS.items()}
    buttons = []
    for decision, text in words.bulk:
        action = actions[decision]
        button = {"type": "button", "action_id": action, "text": _plain(text), "value": action}
        buttons.append(button | ({"style": STYLES[action]} if action in STYLES else {}))
    blocks.append({"type": "actions", "block_id": "bulk_actions", "elements": buttons})
    return blocks


def home_view(home: Home) -> dict[str, Any]:
    """The Home tab's view for one person."""
    words = home.headings
    blocks = _sections(home.intro)
    if home.can_moderate:
        blocks += [{"type": "divider"}, *queue_blocks(home)]
    if home.votes is not None:
        blocks += [{"type": "divider"}, _header(words.votes), *_sections(home.votes)]
        for ballot in home.ballots:  # with their vote buttons
            blocks += [b for m in render_reply(ballot) for b in m.blocks]
    blocks += [{"type": "divider"}, _header(words.meetings)]
    for meeting in home.meetings:
        blocks += _sections(meeting)
    if home.figures is not None:
        blocks += [{"type": "divider"}, *_sections(home.figures)]
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}


def ticked(view: dict[str, Any]) -> list[int]:
    """The report numbers ticked in the Home tab's checkboxes."""
    chosen: list[int] = []
    for block in view.get("state", {}).get("values", {}).values():
        element = block.get(PICK_ACTION) or {}
        for option in element.get("selected_options") or []:
            if str(option.get("value", "")).isdigit():
                chosen.append(int(option["value"]))
    return chosen
