"""The console channel: the terminal chat shows deliveries to its user as they happen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bots.delivery.settings import DeliverySettings
from bots.delivery.worker import Worker
from core.bootstrap import Hub
from core.domain.people import Channel
from core.interactions.model import Reply
from core.services.pacing import Limit


class ConsoleSender:
    """Prints a delivery in the chat that is open for its recipient (no pacing)."""

    channel = Channel.CONSOLE.value

    def __init__(self, show: Callable[[list[Reply]], None]) -> None:
        self.show = show

    async def start(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""

    def parts(self, reply: Reply) -> list[object]:
        return [reply]

    def limits(self, recipient: str) -> list[Limit]:
        return []

    async def send(self, recipient: str, part: object) -> None:
        if not isinstance(part, Reply):
            raise TypeError(f"the console sends replies, not {type(part).__name__}")
        self.show([part])


async def deliver_to_console(
    hub: Hub, user: str, show: Callable[[list[Reply]], None], stop: asyncio.Event
) -> None:
    """Poll the outbox for `user`'s console messages until `stop`, then deliver what is due."""
    settings = DeliverySettings(delivery_poll_seconds=1.0, delivery_lease_seconds=30)
    worker = Worker(
        hub,
        {Channel.CONSOLE.value: ConsoleSender(show)},
        settings,
        recipient=user,
        name=f"console-{user}",
    )
    await worker.run(stop)
    worker.stopping = asyncio.Event()  # a last look, so a piped session shows what is due
    for _ in range(100):
        if not await worker.run_once():
            break
