"""Reply latency: from the fake Bot API handing out an update to the first sendMessage for it.

p50/p95/p99 in milliseconds, for 1 person writing (one message at a time) and 50 people
writing at once, for the hub in one process (`serve` with bot and worker) and split (the bot,
plus a `serve --worker` process), with a bare python-telegram-bot echo bot on the same fake
as the reference, in the same run: `--rounds` rounds of the three (3 by default), interleaved,
their samples pooled. The overall rate limit is raised for these, so that the
stack and not the pacing is timed. The 50 are new people: how many are answered per second is
the first-contact throughput, against the echo bot's. Then, at the default 30 messages/s, the
latency of /help while a 1,000-person announcement is being sent, against the same with an
empty queue.

    .venv/bin/python bench/reply_latency.py            # SQLite
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/DB .venv/bin/python bench/reply_latency.py
    .venv/bin/python bench/reply_latency.py --case broadcast --database-url postgresql://...
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from databases import drop_database, fresh_database
from echo_bot import echo_bot
from sqlalchemy import text

from bots.parts import serve
from core.bootstrap import Hub, bootstrap
from core.config import Settings
from core.persistence import migrate
from tests.e2e.delivery_support import seed_messages
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.fakes.telegram_updates import TelegramUser

PEOPLE = itertools.count(1_000_000)


@dataclass
class TimedTelegram(FakeTelegram):
    """The fake Bot API, noting when each chat's update was first handed out and answered.

    Both instants are noted as they happen: looking them up costs the benchmark nothing, so
    its waiting loop takes no time from the stack it measures (scanning every call each
    2 ms did, and more the slower the stack answered).
    """

    handed: dict[int, float] = field(default_factory=dict)
    answered: dict[int, float] = field(default_factory=dict)

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        out = await super()._m_getUpdates(params)
        now = time.monotonic()
        for update in out:
            self.handed.setdefault(int(update["message"]["chat"]["id"]), now)
        return out

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        result = super()._m_sendMessage(params)
        self.answered.setdefault(int(params["chat_id"]), time.monotonic())
        return result

    def reply_latency(self, chat: int) -> float | None:
        if chat not in self.answered or chat not in self.handed:
            return None
        return self.answered[chat] - self.handed[chat]

    def throughput(self, chats: list[int]) -> float:
        """Answers per second, from the first update handed out to the last answer."""
        span = max(self.answered[c] for c in chats) - min(self.handed[c] for c in chats)
        return len(chats) / span


async def ask(fake: TimedTelegram, count: int) -> tuple[list[float], float]:
    """`count` new people write /help at once: their reply latencies (seconds), and how many
    of them were answered per second (everyone writes for the first time)."""
    people = [TelegramUser(next(PEOPLE), "p", "fr") for _ in range(count)]
    fake.updates.extend(p.text("/help") for p in people)
    deadline = time.monotonic() + 60
    while any(fake.reply_latency(p.id) is None for p in people):
        if time.monotonic() > deadline:
            raise TimeoutError("no answer within 60 s")
        await asyncio.sleep(0.002)
    waits = [fake.reply_latency(p.id) or 0.0 for p in people]
    return waits, fake.throughput([p.id for p in people])


async def measure(fake: TimedTelegram) -> dict[str, list[float]]:
    """Latencies of 1 and of 50 people writing; "rates": each crowd's first-contact throughput."""
    alone = [w for _ in range(15) for w in (await ask(fake, 1))[0]]
    crowds = [await ask(fake, 50) for _ in range(3)]
    return {
        "1": alone,
        "50": [w for waits, _ in crowds for w in waits],
        "rates": [rate for _, rate in crowds],
    }


async def started(fake: FakeTelegram) -> None:
    while not any(c.method == "getUpdates" for c in fake.calls):
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)


async def worker_alive(hub: Hub) -> None:
    """Until the `serve --worker` process beats: its start (imports, connecting) is not timed."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        async with hub.uow() as uow:
            found = await uow.session.execute(
                text("SELECT 1 FROM part_heartbeats WHERE part = 'worker'")
            )
            if found.first() is not None:
                return
        await asyncio.sleep(0.05)
    raise TimeoutError("the worker process did not start within 60 s")


async def reference() -> dict[str, list[float]]:
    fake = TimedTelegram()
    await fake.start()
    try:
        async with echo_bot(fake.base_url):
            await started(fake)
            return await measure(fake)
    finally:
        await fake.stop()


async def ours(url: str, *, split: bool, rate: int, broadcast: int = 0) -> dict[str, list[float]]:
    fake = TimedTelegram()
    await fake.start()
    await asyncio.to_thread(migrate.upgrade, url)
    hub = bootstrap(
        Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=url,
            telegram_bot_token=TOKEN,
            telegram_api_base_url=fake.base_url,
            telegram_rate_limit=rate,
        )
    )
    async with hub.uow() as uow:
        await uow.session.execute(text("DELETE FROM outbox"))
        await uow.commit()
    if broadcast:
        await seed_messages(url, broadcast, kind="announcement")
    worker = None
    if split:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "TELEGRAM_RATE_LIMIT": str(rate),
            "LOG_LEVEL": "WARNING",
        }
        program = Path(sys.executable).with_name("4p1000")
        worker = await asyncio.create_subprocess_exec(str(program), "serve", "--worker", env=env)
    stop = asyncio.Event()
    parts = ["telegram"] if split else ["telegram", "worker"]
    task = asyncio.create_task(serve(hub, parts, stop))
    await started(fake)
    if split:
        await worker_alive(hub)
        await asyncio.sleep(0.3)
    try:
        if broadcast or rate < 1000:
            await asyncio.sleep(2)  # the broadcast is under way
            waits = []
            for _ in range(10):
                waits += (await ask(fake, 1))[0]
                await asyncio.sleep(0.3)
            return {"1": waits}
        return await measure(fake)
    finally:
        stop.set()
        await task
        if worker is not None:
            worker.terminate()
            await worker.wait()
        await hub.close()
        await fake.stop()


def pool(into: dict[str, list[float]], measured: dict[str, list[float]]) -> None:
    """Add one round's samples to those of the earlier rounds."""
    for key, values in measured.items():
        into.setdefault(key, []).extend(values)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def line(label: str, values: list[float], ref: list[float] | None) -> str:
    cells = [pct(values, q) for q in (0.5, 0.95, 0.99)]
    text_ = f"{label:<46}" + "".join(f"{c:9.1f}" for c in cells)
    if ref:
        base = [pct(ref, q) for q in (0.5, 0.95, 0.99)]
        text_ += "   ratio " + " ".join(f"{c / b:6.1f}" for c, b in zip(cells, base, strict=True))
        text_ += "   +ms " + " ".join(f"{c - b:7.1f}" for c, b in zip(cells, base, strict=True))
    return text_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("all", "broadcast"), default="all")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three stacks")
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory() as folder:
        # Each case on a database of its own, in the same state: one left by an earlier case
        # (its rows, the server's clean-up after its writes) made the later case ~5-10 ms
        # slower at p50 on PostgreSQL, whichever it was.
        def fresh(label: str, **case: Any) -> dict[str, list[float]]:
            url, scratch = fresh_database(args.database_url, Path(folder), label)
            try:
                return asyncio.run(ours(url, **case))
            finally:
                if scratch is not None and args.database_url:
                    drop_database(args.database_url, scratch)

        if args.case == "all":
            # Rounds of the three, interleaved: the machine's drift (the echo bot's p50 moved
            # between 50 and 95 ms in one session) falls on all three alike.
            ref, one, two = {}, {}, {}
            for n in range(args.rounds):
                pool(ref, asyncio.run(reference()))
                pool(one, fresh(f"one{n}", split=False, rate=100_000))
                pool(two, fresh(f"split{n}", split=True, rate=100_000))
        empty = fresh("empty", split=False, rate=30)
        busy = fresh("busy", split=False, rate=30, broadcast=1000)
    kind = "postgresql" if args.database_url else "sqlite"
    print(f"database: {kind}; milliseconds{'':19}p50      p95      p99")
    for people in ("1", "50") if args.case == "all" else ():
        print(line(f"reference echo bot, {people} writing", ref[people], None))
        print(line(f"hub, one process, {people} writing", one[people], ref[people]))
        print(line(f"hub, split (bot + worker), {people} writing", two[people], ref[people]))
    if args.case == "all":
        base = statistics.median(ref["rates"])
        crowds = len(ref["rates"])
        print(f"first contact, 50 new people at once: answers/s (median of {crowds}), vs echo bot")
        for stack, measured in (("reference", ref), ("one process", one), ("split", two)):
            rate = statistics.median(measured["rates"])
            print(f"  {stack:<44}{rate:9.0f}   ratio {rate / base:6.2f}")
    print(line("hub at 30/s, empty queue, /help", empty["1"], None))
    print(line("hub at 30/s, 1,000-person broadcast, /help", busy["1"], empty["1"]))


if __name__ == "__main__":
    main()
