"""Shared pieces of the delivery benchmarks: a scratch database and the fake API in a process."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.persistence import migrate
from tests.fakes.telegram_api import FakeTelegram


def scratch_sqlite() -> str:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/hub.sqlite3"
    migrate.upgrade(url)
    return url


def _serve(conn: Any) -> None:
    async def main() -> None:
        fake = FakeTelegram()
        conn.send(await fake.start())
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        conn.send([c.at for c in fake.sent])
        await fake.stop()

    asyncio.run(main())


class FakeInProcess:
    """The fake Bot API in its own process (so it does not share a CPU loop with the client)."""

    def __enter__(self) -> FakeInProcess:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        self.base_url: str = self.conn.recv()
        return self

    def arrivals(self) -> list[float]:
        """Stop the server; the monotonic arrival times of every successful send."""
        self.conn.send("stop")
        times: list[float] = self.conn.recv()
        self.process.join(10)
        return times

    def __exit__(self, *exc: object) -> None:
        if self.process.is_alive():
            self.process.kill()


def postgres_url() -> str | None:
    return os.environ.get("BENCH_DATABASE_URL")
