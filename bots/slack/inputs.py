"""Slack payloads -> the core's inputs: who is speaking, which command, which button."""

from __future__ import annotations

import time
from typing import Any

from core.domain.people import Channel
from core.interactions.dispatch import clean_text
from core.interactions.model import ButtonPress, Command, Sender
from core.interactions.registry import canonical_command

HUB_ACTION = r"^hub:\d+$"  # the action ids bots.slack.blocks gives the core's buttons


def sender_of(user: dict[str, Any] | str, *, name: str = "") -> Sender:
    """The person behind a Slack user id (Slack sends no locale: the hub profile decides)."""
    if isinstance(user, dict):
        name = name or str(user.get("name") or user.get("username") or "")
        user = str(user.get("id", ""))
    return Sender(Channel.SLACK, user, display_name=name)


def slash_input(text: str) -> Command:
    """`/4p1000 queue news` -> Command('queue', 'news'); empty -> help."""
    words = clean_text(text or "").removeprefix("/").split(maxsplit=1)
    if not words:
        return Command("help")
    return Command(canonical_command(words[0]), words[1] if len(words) > 1 else "")


def button_input(action: dict[str, Any]) -> ButtonPress | None:
    value = action.get("value")
    return ButtonPress(str(value)) if value else None


class ClickGuard:
    """Drop a second press of the same button by the same person within `window` seconds.

    A double click would otherwise act twice; the core refuses most second acts (a decision
    already taken), and this spares the person a confusing second answer.
    """

    def __init__(self, window: float = 2.0) -> None:
        self.window = window
        self._seen: dict[tuple[str, str, str], float] = {}

    def first(self, user: str, message: str, value: str) -> bool:
        now = time.monotonic()
        if len(self._seen) > 10_000:
            self._seen = {k: at for k, at in self._seen.items() if now - at < self.window}
        key = (user, message, value)
        last = self._seen.get(key)
        self._seen[key] = now
        return last is None or now - last >= self.window
