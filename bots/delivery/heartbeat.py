"""A running part's heartbeat: written every few seconds, forgotten on a clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from core.bootstrap import Hub
from core.services import liveness
from core.services.delivery import utcnow
from core.services.outbox_status import undelivered_without_worker

log = logging.getLogger(__name__)


class Heartbeat:
    """Beats for `name` (a `part`) until stopped; a part other than a worker watches the queue."""

    def __init__(self, hub: Hub, name: str, part: str) -> None:
        self.hub = hub
        self.name = name
        self.part = part
        self._task: asyncio.Task[None] | None = None
        self._warned = False

    async def start(self) -> None:
        await self.beat()
        self._task = asyncio.create_task(self._run())

    async def beat(self) -> None:
        async with self.hub.uow() as uow:
            await liveness.beat(uow, self.name, self.part, utcnow())
            await uow.commit()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(liveness.BEAT_SECONDS)
            try:
                await self.beat()
                if self.part != "worker":
                    await self._watch()
            except Exception:  # a missed beat is retried; the part itself goes on
                log.warning("%s could not write its heartbeat", self.name, exc_info=True)

    async def _watch(self) -> None:
        """Warn once when messages wait and no worker is alive to send them."""
        async with self.hub.uow() as uow:
            waiting = await undelivered_without_worker(uow.rows, utcnow(), timedelta(seconds=30))
        if waiting and not self._warned:
            log.warning(
                "%d outbox messages are due and no delivery worker is alive: "
                "start one with `4p1000 serve --worker`",
                waiting,
            )
        self._warned = bool(waiting)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        async with self.hub.uow() as uow:
            await liveness.leave(uow, self.name)
            await uow.commit()
