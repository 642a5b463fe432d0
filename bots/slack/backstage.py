"""Where the Slack app's slow work runs: a second event loop in its own thread.

Bolt answers Slack on the main loop as soon as a listener calls ack(); the lazy work (the
database, rendering a chart, calling the Web API) runs here, with its own hub (database
engines belong to the loop that opened their connections). A burst of heavy work then only
competes with the acks for the interpreter in short time slices instead of holding the main
loop, so acks stay fast under load; at most `concurrency` pieces of work run at once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import sys
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from core.bootstrap import Hub, bootstrap
from core.config import Settings

T = TypeVar("T")
log = logging.getLogger(__name__)
# How long a thread may hold the interpreter before another may run (Python's default: 5 ms).
# Shorter, so that an ack waiting on the main loop gets its turn soon even when the
# backstage thread is busy with pure-Python work.
SWITCH_INTERVAL = 0.001


class Backstage:
    def __init__(self, settings: Settings, *, concurrency: int = 8) -> None:
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        self.loop = asyncio.new_event_loop()
        self.hub: Hub = bootstrap(settings)
        self._slots = asyncio.Semaphore(concurrency)  # bound to the loop at first use
        self._pending: set[concurrent.futures.Future[Any]] = set()
        self._thread = threading.Thread(target=self._serve, name="slack-backstage", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def _limited(self, work: Coroutine[Any, Any, T]) -> T:
        async with self._slots:
            return await work

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` backstage and wait for its result (from any other loop)."""
        future = asyncio.run_coroutine_threadsafe(self._limited(work), self.loop)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return await asyncio.wrap_future(future)

    def close(self, drain_seconds: float = 20.0) -> None:
        """Let work already acknowledged to Slack finish, then close the engine and the loop.

        Slack will not send an acknowledged press again: dropping it would lose what the
        person did. Work still running after `drain_seconds` is abandoned (and logged).
        """
        if not self.loop.is_running():
            return
        _done, late = concurrent.futures.wait(list(self._pending), timeout=drain_seconds)
        if late:
            log.error("stopping with %d Slack actions still running", len(late))
        asyncio.run_coroutine_threadsafe(self.hub.close(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
