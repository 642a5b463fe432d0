"""Wake this process's senders when another process queues a row (PostgreSQL LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from core.bootstrap import Hub
from core.services.outbox_bell import BELL, CHANNEL

log = logging.getLogger(__name__)


async def listen(hub: Hub, stop: asyncio.Event) -> None:
    """Ring the in-process bell at every `NOTIFY outbox` until `stop` (PostgreSQL only)."""
    if hub.engine.dialect.name != "postgresql":
        await stop.wait()  # in one SQLite process, the bell is rung by the commit itself
        return
    async with hub.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection  # asyncpg's Connection

        def rung(*_: object) -> None:
            BELL.ring()

        await driver.add_listener(CHANNEL, rung)
        log.debug("listening for outbox notifications")
        try:
            await stop.wait()
        finally:
            await driver.remove_listener(CHANNEL, rung)
