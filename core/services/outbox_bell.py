"""The outbox's doorbell: a committed row wakes the senders at once, in this process and others.

In a process, a unit of work that queued a row rings the bell right after its commit; every
sender waiting on it wakes. On PostgreSQL the same transaction also sends `NOTIFY outbox`,
which PostgreSQL delivers at commit to every process listening (see bots.delivery.wake).
Polling stays only as a slow fallback.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event, text

from core.persistence.uow import UnitOfWork

CHANNEL = "outbox"
_FLAG = "outbox_bell"


class Bell:
    """Wakes every subscribed waiter; a ring between two waits is never missed.

    A ring may come from another thread's loop: each waiter is set on its own loop.
    """

    def __init__(self) -> None:
        self._waiters: dict[asyncio.Event, asyncio.AbstractEventLoop] = {}

    def subscribe(self) -> asyncio.Event:
        """An event set at every ring (clear it before looking, wait on it after)."""
        waiter = asyncio.Event()
        self._waiters[waiter] = asyncio.get_running_loop()
        return waiter

    def unsubscribe(self, waiter: asyncio.Event) -> None:
        self._waiters.pop(waiter, None)

    def ring(self) -> None:
        try:
            here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        for waiter, loop in list(self._waiters.items()):
            if loop is here:
                waiter.set()
            elif not loop.is_closed():
                loop.call_soon_threadsafe(waiter.set)


BELL = Bell()


def _after_commit(session: Any) -> None:
    session.info.pop(_FLAG, None)
    BELL.ring()


async def ring_on_commit(uow: UnitOfWork) -> None:
    """Ring the bell when this unit of work commits (once per transaction)."""
    sync = uow.session.sync_session
    if sync.info.get(_FLAG):
        return
    sync.info[_FLAG] = True
    event.listen(sync, "after_commit", _after_commit, once=True)
    if uow.dialect == "postgresql":
        await uow.session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})
