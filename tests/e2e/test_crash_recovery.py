"""SIGKILL of `serve` mid-announcement and mid-burst: after a restart all is out in seconds."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

from tests.e2e.delivery_support import (
    FIRST_CHAT,
    PROGRAM,
    seed_messages,
    start,
    wait_until,
    worker_env,
)
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import TelegramUser

AUDIENCE, BURST, RATE, BATCH = 300, 180, 60, 20


async def test_a_killed_serve_loses_nothing_and_recovers_in_seconds(
    database_url: str, telegram_api: FakeTelegram, tmp_path: Path
) -> None:
    await seed_messages(database_url, AUDIENCE, kind="announcement")
    env = worker_env(
        database_url,
        telegram_api.base_url,
        TELEGRAM_RATE_LIMIT=str(RATE),
        DELIVERY_BATCH_SIZE=str(BATCH),
    )
    command = [str(PROGRAM), "serve", "--telegram", "--worker"]
    first = await start(command, env, tmp_path / "first.log")
    people = [TelegramUser(500 + n, f"P{n}", "en") for n in range(BURST)]
    asked = {person.id for person in people}

    def broadcast() -> int:
        return sum(1 for c in telegram_api.sent if int(c.params["chat_id"]) >= FIRST_CHAT)

    def answered() -> set[int]:
        return {int(c.params["chat_id"]) for c in telegram_api.sent} & asked

    async def under_way() -> bool:
        return broadcast() >= AUDIENCE // 4

    await wait_until(under_way, 30)
    telegram_api.updates.extend(person.text("/help") for person in people)

    async def burst_started() -> bool:
        return len(answered()) >= 10

    await wait_until(burst_started, 30)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    assert broadcast() < AUDIENCE, "killed mid-way"
    assert len(answered()) < BURST, "killed mid-way"

    second = await start(command, env, tmp_path / "second.log")
    restarted = time.monotonic()
    try:

        async def all_out() -> bool:
            return broadcast() >= AUDIENCE and answered() == asked

        await wait_until(all_out, 30, step=0.1)
        assert time.monotonic() - restarted < 30
    finally:
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 30) == 0
    per_chat = Counter(int(c.params["chat_id"]) for c in telegram_api.sent)
    repeats = sum(n - 1 for n in per_chat.values() if n > 1)
    # In flight at the kill: one batch per lane loop, and the answers being sent at once.
    assert repeats <= 2 * BATCH + 16, f"{repeats} messages sent twice"
