"""Render a Reply for Slack: mrkdwn (escaping & < >), section blocks within Slack's limits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bots.delivery.split import split_paragraphs
from core.interactions.desk_openers import SLASH
from core.interactions.model import ChannelFile, OutFile, Reply, Span
from core.interactions.registry import find_command

MAX_SECTION = 3000  # characters of a section block's text
MAX_BLOCKS = 50  # blocks per message
MAX_FALLBACK = 3000  # the notification text; Slack truncates long `text` fields
MAX_BUTTONS = 25  # elements of one actions block
MAX_BUTTON_TEXT = 75
_MARKS = {"bold": "*", "italic": "_", "code": "`"}


def escape(text: str) -> str:
    """Slack's three control characters; everything else is shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_TYPED_COMMAND = re.compile(r"(?<![\w/:.<])/([^\W\d][\w]*)")


def slack_commands(text: str) -> str:
    """`/review 1` as Slack users type it: `/4p1000 review 1` (the hub's one slash command)."""

    def typed(match: re.Match[str]) -> str:
        word = match.group(1)
        return f"{SLASH} {word}" if find_command(word) is not None else match.group(0)

    return _TYPED_COMMAND.sub(typed, text)


def render_span(span: Span) -> str:
    text = escape(span.text)
    if span.style != "link":
        text = slack_commands(text)
    if span.style == "link" and span.url:
        return f"<{escape(span.url).replace('|', '%7C')}|{text.replace('|', '¦')}>"
    mark, core = _MARKS.get(span.style), text.strip()
    if mark and core:  # Slack shows a mark only against the words: spaces go outside it
        start = text.index(core)
        return f"{text[:start]}{mark}{core}{mark}{text[start + len(core) :]}"
    return text


@dataclass
class SlackMessage:
    """One chat.postMessage: a plain fallback text and blocks; or a file to upload."""

    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    file: OutFile | None = None
    card: str | None = None  # the desk card this message is (its first message only)
    card_update: bool = False
    bridged: ChannelFile | None = None  # a file from another channel, for the card's thread


def truncate(mrkdwn: str, limit: int) -> str:
    """Cut `mrkdwn` to `limit` without leaving half an entity (`&am`) or link (`<http`)."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    cut = mrkdwn[: limit - 1]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    if cut.rfind("&") > cut.rfind(";"):
        cut = cut[: cut.rfind("&")]
    return cut + "…"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _actions(reply: Reply) -> list[dict[str, Any]]:
    buttons = [b for row in reply.buttons for b in row]
    blocks = []
    for start in range(0, len(buttons), MAX_BUTTONS):
        elements = [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": b.label[:MAX_BUTTON_TEXT], "emoji": True},
                "action_id": f"hub:{start + i}",
                "value": b.data,
            }
            for i, b in enumerate(buttons[start : start + MAX_BUTTONS])
        ]
        blocks.append({"type": "actions", "elements": elements})
    return blocks


def render_reply(reply: Reply) -> list[SlackMessage]:
    """The messages that carry `reply`; buttons ride on the last one."""
    sections = [
        _section(text) for text in split_paragraphs(reply.paragraphs, render_span, MAX_SECTION)
    ]
    actions = _actions(reply)
    per_message = MAX_BLOCKS - len(actions) if len(actions) < MAX_BLOCKS else 1
    messages = [
        SlackMessage(blocks=sections[i : i + per_message])
        for i in range(0, len(sections), per_message)
    ] or ([SlackMessage()] if actions else [])
    if actions:
        messages[-1].blocks.extend(actions)
    for message in messages:
        plain = "\n\n".join(b["text"]["text"] for b in message.blocks if b["type"] == "section")
        message.text = truncate(plain, MAX_FALLBACK) or "…"
    if reply.card and messages:
        messages[0].card, messages[0].card_update = reply.card, reply.card_update
    messages.extend(SlackMessage(file=out) for out in reply.files)
    if reply.card:  # a card's files from other channels go into its thread
        messages.extend(
            SlackMessage(text=f.name or f.kind, card=reply.card, bridged=f)
            for f in reply.channel_files
            if f.channel != "slack"
        )
    return messages
