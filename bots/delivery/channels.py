"""What a channel sender is, and how a send can fail (each failure has its own remedy)."""

from __future__ import annotations

from typing import Protocol

from core.interactions.model import Reply
from core.services.pacing import Limit


class SendFailed(Exception):
    """A send did not go through; subclasses say what to do about it."""


class RateLimited(SendFailed):
    """The platform said 429: nothing may leave before `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"rate limited: retry after {retry_after:g}s")
        self.retry_after = retry_after


class Transient(SendFailed):
    """5xx, a timeout, a network error: try again later, with backoff."""


class Permanent(SendFailed):
    """The platform refused this message for good (a bad request): dead-letter it."""


class Unreachable(SendFailed):
    """The recipient blocked the bot, left or was deactivated: skip them from now on."""


class ChatMoved(SendFailed):
    """The chat has a new id (a Telegram group became a supergroup): follow it and retry."""

    def __init__(self, new_recipient: str) -> None:
        super().__init__(f"chat moved to {new_recipient}")
        self.new_recipient = new_recipient


class ChannelSender(Protocol):
    """Sends rendered parts of a Reply to one recipient on one channel."""

    channel: str

    def parts(self, reply: Reply) -> list[object]:
        """Split and render `reply` into the platform calls that carry it."""
        ...

    async def send(self, recipient: str, part: object) -> None:
        """Send one part; raise a SendFailed subclass when it did not go through."""
        ...

    def limits(self, recipient: str) -> list[Limit]:
        """The channel-wide limit first, then the recipient's own (empty: unpaced)."""
        ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...
