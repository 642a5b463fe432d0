"""Unpaced whole path (claim, render, send, mark) against raw python-telegram-bot send_message.

Both run against the same fake Bot API (in its own process) with the same concurrency; the
reference is `Bot.send_message` in a loop of CONCURRENCY parallel senders, the path under test
is one Worker emptying an outbox of N rows (TELEGRAM_RATE_LIMIT=0: pacing off). SQLite by
default; BENCH_DATABASE_URL=postgresql://... measures PostgreSQL too.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from delivery_common import FakeInProcess, postgres_url, scratch_sqlite

from bots.delivery.settings import DeliverySettings
from bots.delivery.worker import Worker
from bots.telegram.sender import TelegramSender, make_bot
from core.bootstrap import bootstrap
from tests.conftest import _truncate, make_settings
from tests.e2e.delivery_support import FIRST_CHAT, seed_messages
from tests.fakes.telegram_api import TOKEN


async def raw_rate(base_url: str, count: int, concurrency: int) -> float:
    bot = make_bot(TOKEN, base_url, pool=concurrency * 2)
    await bot.initialize()
    gate = asyncio.Semaphore(concurrency)

    async def one(n: int) -> None:
        async with gate:
            await bot.send_message(FIRST_CHAT + n, f"Hello {n}", parse_mode="HTML")

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(count)))
    elapsed = time.perf_counter() - started
    await bot.shutdown()
    return count / elapsed


async def path_rate(url: str, base_url: str, count: int, concurrency: int) -> float:
    await seed_messages(url, count)
    hub = bootstrap(make_settings(url))
    settings = DeliverySettings(  # type: ignore[call-arg]
        _env_file=None,
        delivery_concurrency=concurrency,
        delivery_batch_size=200,
        telegram_chat_rate=0,
    )
    sender = TelegramSender(make_bot(TOKEN, base_url, pool=concurrency * 2), settings, 0)
    worker = Worker(hub, {"telegram": sender}, settings)
    await sender.start()
    started = time.perf_counter()
    while await worker.run_once():
        pass
    elapsed = time.perf_counter() - started
    await sender.close()
    await hub.close()
    assert worker.stats.sent == count, worker.stats
    return count / elapsed


def main(count: int, concurrency: int) -> None:
    backends = [("sqlite", scratch_sqlite())]
    if (pg := postgres_url()) is not None:
        from core.persistence import migrate

        migrate.upgrade(pg)
        asyncio.run(_truncate(pg))
        backends.append(("postgresql", pg))
    with FakeInProcess() as fake:
        raw = asyncio.run(raw_rate(fake.base_url, count, concurrency))
        print(f"raw PTB send_message: {raw:.0f}/s (reference, concurrency {concurrency})")
        for name, url in backends:
            path = asyncio.run(path_rate(url, fake.base_url, count, concurrency))
            print(f"whole path on {name}: {path:.0f}/s = {path / raw:.2f} of raw (goal >= 0.70)")
        fake.arrivals()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    main(args.count, args.concurrency)
