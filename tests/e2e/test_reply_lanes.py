"""Replies before broadcasts: a /help during a big announcement is answered within a second."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.delivery_support import (
    FIRST_CHAT,
    PROGRAM,
    seed_messages,
    start,
    statuses,
    wait_until,
    worker_env,
)
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import TelegramUser

# A higher rate than the default 30/s keeps the test short; the property is the same: the
# broadcast lasts about 7 s, several times the 1 s bound on the reply.
AUDIENCE, RATE = 400, 60
LAYOUTS = {
    "one-process": [["serve", "--telegram", "--worker"]],
    "split": [["serve", "--telegram"], ["serve", "--worker"], ["serve", "--worker"]],
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
async def test_help_is_answered_within_a_second_during_an_announcement(
    layout: str, database_url: str, telegram_api: FakeTelegram, tmp_path: Path
) -> None:
    await seed_messages(database_url, AUDIENCE, kind="announcement")
    env = worker_env(
        database_url,
        telegram_api.base_url,
        TELEGRAM_RATE_LIMIT=str(RATE),
        DELIVERY_BATCH_SIZE="100",  # batches of nearly 2 s at this rate: bulk must not take them
    )
    processes = [
        await start([str(PROGRAM), *args], env, tmp_path / f"p{i}.log")
        for i, args in enumerate(LAYOUTS[layout])
    ]

    def broadcast() -> list[float]:
        return [c.at for c in telegram_api.sent if int(c.params["chat_id"]) >= FIRST_CHAT]

    async def under_way() -> bool:
        return len(broadcast()) >= AUDIENCE // 5

    try:
        await wait_until(under_way, 30)
        waits = []
        for n in range(3):
            person = TelegramUser(900 + n, f"Farmer {n}", "en")
            asked = time.monotonic()
            telegram_api.updates.append(person.text("/help"))

            async def answered(chat: int = person.id) -> bool:
                return bool(telegram_api.sent_to(chat))

            await wait_until(answered, 10)
            waits.append(telegram_api.sent_to(person.id)[0].at - asked)
            await asyncio.sleep(0.5)
        assert len(broadcast()) < AUDIENCE, "the broadcast was still under way"
        assert max(waits) < 1.0, f"/help waited {waits} during the broadcast"

        async def finished() -> bool:
            return len(broadcast()) >= AUDIENCE

        await wait_until(finished, 60, step=0.1)
        await asyncio.sleep(1)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        codes = [await asyncio.wait_for(p.wait(), 30) for p in processes]
    assert codes == [0] * len(processes)
    per_chat = Counter(int(c.params["chat_id"]) for c in telegram_api.sent)
    assert all(per_chat[FIRST_CHAT + n] == 1 for n in range(AUDIENCE)), "everyone once"
    times = sorted(c.at for c in telegram_api.sent)
    busiest = max(sum(1 for t in times[i:] if t < at + 1.0) for i, at in enumerate(times))
    assert busiest <= RATE, f"{busiest} sends in one second, limit {RATE}"
    assert (await statuses(database_url)).get("sent", 0) >= AUDIENCE
