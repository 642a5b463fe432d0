"""Workers and schedulers as real processes against the fake Telegram API."""

# ruff: noqa: F811  (the fake's fixture is imported by name)

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import _truncate
from tests.e2e.delivery_support import (
    FIRST_CHAT,
    PROGRAM,
    seed_messages,
    start,
    statuses,
    wait_until,
    worker_env,
)
from tests.fakes.telegram_api import FakeTelegram, telegram_api  # noqa: F401

BATCH = 50


@pytest.fixture
def postgres_database(postgres_url: str) -> str:
    """The scratch PostgreSQL database, emptied."""
    asyncio.run(_truncate(postgres_url))
    return postgres_url


async def test_kill_9_mid_send_then_restart_delivers_everything(
    sqlite_url: str, telegram_api: FakeTelegram, tmp_path: Path
) -> None:
    total = 2000
    await seed_messages(sqlite_url, total)
    env = worker_env(
        sqlite_url,
        telegram_api.base_url,
        TELEGRAM_RATE_LIMIT="0",
        TELEGRAM_CHAT_RATE="0",
        DELIVERY_LEASE_SECONDS="2",
        DELIVERY_BATCH_SIZE=str(BATCH),
    )
    first = await start([PROGRAM, "serve", "--worker"], env, tmp_path / "first.log")

    async def forty_percent() -> bool:
        return len(telegram_api.sent) >= total * 0.4

    await wait_until(forty_percent, 60)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    at_kill = len(telegram_api.sent)
    assert at_kill < total, "the worker finished before it could be killed"

    second = await start([PROGRAM, "serve", "--worker"], env, tmp_path / "second.log")

    async def all_sent() -> bool:
        return (await statuses(sqlite_url)).get("sent", 0) == total

    await wait_until(all_sent, 60, step=0.2)
    second.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(second.wait(), 30) == 0  # a clean stop

    per_chat = Counter(int(c.params["chat_id"]) for c in telegram_api.sent)
    assert set(per_chat) == set(range(FIRST_CHAT, FIRST_CHAT + total))
    duplicates = sum(n - 1 for n in per_chat.values())
    assert duplicates <= BATCH, f"{duplicates} duplicates for {BATCH} rows in flight"
    log = (tmp_path / "second.log").read_text()
    assert log.count("possible duplicate") >= duplicates
    assert "stopped cleanly" in log


async def test_two_workers_on_postgres_never_double_send_and_share_the_rate(
    postgres_database: str, telegram_api: FakeTelegram, tmp_path: Path
) -> None:
    total, rate = 150, 25
    await seed_messages(postgres_database, total)
    env = worker_env(
        postgres_database,
        telegram_api.base_url,
        TELEGRAM_RATE_LIMIT=str(rate),
        DELIVERY_BATCH_SIZE="20",
    )
    workers = [
        await start([PROGRAM, "serve", "--worker"], env, tmp_path / f"w{i}.log") for i in range(2)
    ]

    async def all_sent() -> bool:  # only look at the fake: its clock must not be disturbed
        return len(telegram_api.sent) >= total

    await wait_until(all_sent, 60, step=0.1)
    await asyncio.sleep(1)  # the last batch is recorded
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    assert [await asyncio.wait_for(w.wait(), 30) for w in workers] == [0, 0]
    assert (await statuses(postgres_database)) == {"sent": total}

    per_chat = Counter(int(c.params["chat_id"]) for c in telegram_api.sent)
    assert len(per_chat) == total
    assert set(per_chat.values()) == {1}
    times = sorted(c.at for c in telegram_api.sent)
    busiest = max(
        sum(1 for t in times[i:] if t < start_at + 1.0) for i, start_at in enumerate(times)
    )
    assert busiest <= rate, f"{busiest} sends in one second, limit {rate}"
    span = times[-1] - times[0]
    assert (total - 1) / span >= rate * 0.6, "the two workers together use the limit"
    logs = [(tmp_path / f"w{i}.log").read_text() for i in range(2)]
    assert all("delivering telegram" in log for log in logs)


async def test_two_schedulers_enqueue_each_due_item_once(database_url: str, tmp_path: Path) -> None:
    await seed_messages(database_url, 5)
    env = worker_env(
        database_url,
        "http://127.0.0.1:9/bot",
        SCHEDULER_TICK_SECONDS="0.2",
        SCHEDULER_LEASE_SECONDS="5",
    )
    env.pop("TELEGRAM_BOT_TOKEN")
    script = str(Path(__file__).with_name("scheduler_with_job.py"))
    schedulers = [
        await start([sys.executable, script, "serve", "--scheduler"], env, tmp_path / f"s{i}.log")
        for i in range(2)
    ]
    logs = [tmp_path / f"s{i}.log" for i in range(2)]

    async def both_ticking() -> bool:
        return all(log.exists() and "ticking" in log.read_text() for log in logs)

    await wait_until(both_ticking, 60, step=0.1)
    await asyncio.sleep(2)  # about ten ticks each
    for scheduler in schedulers:
        scheduler.send_signal(signal.SIGTERM)
    assert [await asyncio.wait_for(s.wait(), 30) for s in schedulers] == [0, 0]
    counts = await statuses(database_url)
    assert counts.get("pending", 0) == 5 + 5  # the 5 seeded messages and the 5 due items
    assert sum("enqueued 5 messages" in log.read_text() for log in logs) == 1
