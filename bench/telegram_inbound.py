"""Inbound Telegram throughput: our whole stack vs a bare python-telegram-bot echo bot.

Both poll the same fake Bot API on 127.0.0.1 and answer N updates from N different people
(one message each, so per-chat pacing plays no part). Ours goes through de-duplication in the
database, the core (identify the person, route /help, render in their language), the outbox
and the delivery worker; the reference only calls `reply_text`. The overall rate limit is
raised for the measurement (TELEGRAM_RATE_LIMIT) so that the stack, not the pacing, is timed.

    .venv/bin/python bench/telegram_inbound.py [N]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from echo_bot import echo_bot

from bots.parts import serve
from core.bootstrap import bootstrap
from core.config import Settings
from core.persistence import migrate
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.fakes.telegram_updates import TelegramUser


def updates(count: int, first_user: int) -> list[dict[str, object]]:
    return [TelegramUser(first_user + i, f"user{i}", "fr").text("/help") for i in range(count)]


class CountingTelegram(FakeTelegram):
    """The fake Bot API, counting answers as they arrive: the benchmark's waiting loop then
    costs nothing (listing every call each 5 ms took CPU from the stack it measures)."""

    answers = 0

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        result = super()._m_sendMessage(params)
        self.answers += 1
        return result


async def wait_for_sends(fake: CountingTelegram, count: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while fake.answers < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {fake.answers} of {count} answers after {timeout}s")
        await asyncio.sleep(0.005)


async def reference(count: int) -> float:
    """Updates per second of a bare echo bot."""
    fake = CountingTelegram()
    await fake.start()
    async with echo_bot(fake.base_url):
        fake.updates.extend(updates(count, 10_000))
        started = time.perf_counter()
        await wait_for_sends(fake, count)
        elapsed = time.perf_counter() - started
    await fake.stop()
    return count / elapsed


async def ours(count: int, database_url: str, *, worker_process: bool) -> tuple[float, float]:
    """Updates per second through the hub (adapter, core, outbox, worker): from people
    writing for the first time (they are created), then from the same people again.

    With `worker_process`, the delivery worker runs as its own `4p1000 serve --worker`
    process (as docker-compose deploys it) instead of inside the bot's process.
    """
    fake = CountingTelegram()
    await fake.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database_url,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=fake.base_url,
        telegram_rate_limit=100_000,
    )
    await asyncio.to_thread(migrate.upgrade, database_url)
    hub = bootstrap(settings)
    stop = asyncio.Event()
    worker = None
    if worker_process:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "TELEGRAM_RATE_LIMIT": "100000",
            "LOG_LEVEL": "WARNING",
        }
        program = Path(sys.executable).with_name("4p1000")
        worker = await asyncio.create_subprocess_exec(str(program), "serve", "--worker", env=env)
    parts = ["telegram"] if worker_process else ["telegram", "worker"]
    task = asyncio.create_task(serve(hub, parts, stop))
    while not any(c.method == "getUpdates" for c in fake.calls):
        await asyncio.sleep(0.01)
    rates = []
    for round_ in (1, 2):
        fake.updates.extend(updates(count, 20_000))
        started = time.perf_counter()
        await wait_for_sends(fake, count * round_)
        rates.append(count / (time.perf_counter() - started))
    stop.set()
    await task
    if worker is not None:
        worker.terminate()
        await worker.wait()
    await hub.close()
    await fake.stop()
    return rates[0], rates[1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    os.environ.setdefault("DELIVERY_POLL_SECONDS", "0.05")
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        raw = asyncio.run(reference(count))
        first, known = asyncio.run(ours(count, url, worker_process=False))
        url2 = os.environ.get("BENCH_DATABASE_URL_2") or f"sqlite:///{folder}/bench2.sqlite3"
        first2, known2 = asyncio.run(ours(count, url2, worker_process=True))
    print(f"updates: {count} from {count} people; database: {url.split(':')[0]}")
    print(f"{'reference (bare PTB echo bot)':<70} {raw:8.1f} updates/s")
    rows = [
        ("hub in one process (bot + worker), people writing the first time", first),
        ("hub in one process (bot + worker), the same people again", known),
        ("hub in two processes (bot, worker) as deployed, the first time", first2),
        ("hub in two processes (bot, worker) as deployed, the same people again", known2),
    ]
    for label, rate in rows:
        print(f"{label:<70} {rate:8.1f} updates/s  ratio {rate / raw:.2f}")
    print("goal (issue #12): people writing the first time, ratio >= 0.8")


if __name__ == "__main__":
    main()
