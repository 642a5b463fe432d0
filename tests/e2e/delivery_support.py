"""Helpers for the delivery e2e tests: seed recipients, run `4p1000` parts as processes."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, insert, select

from core.bootstrap import bootstrap
from core.persistence.models import Identity, OutboxMessage, Person
from core.services.outbox import Outgoing, enqueue_many
from tests.conftest import make_settings
from tests.fakes.telegram_api import TOKEN

PROGRAM = str(Path(sys.executable).with_name("4p1000"))
FIRST_CHAT = 10_000


async def seed_messages(
    url: str, count: int, *, text: str = "Hello {n}", kind: str = "notification"
) -> None:
    """`count` Telegram people (chat ids from FIRST_CHAT), one queued message each."""
    hub = bootstrap(make_settings(url))
    try:
        async with hub.uow() as uow:
            await uow.session.execute(
                insert(Person), [{"name": f"p{n}", "display_name": f"p{n}"} for n in range(count)]
            )
            ids = (await uow.session.scalars(select(Person.id).order_by(Person.id))).all()
            await uow.session.execute(
                insert(Identity),
                [
                    {"person_id": pid, "channel": "telegram", "external_id": str(FIRST_CHAT + n)}
                    for n, pid in enumerate(ids)
                ],
            )

            def messages() -> Iterator[Outgoing]:
                for n, pid in enumerate(ids):
                    yield Outgoing(
                        f"e2e:{n}",
                        kind,
                        "telegram",
                        str(FIRST_CHAT + n),
                        pid,
                        "text",
                        {"text": text.format(n=n)},
                    )

            await enqueue_many(uow, messages())
            await uow.commit()
    finally:
        await hub.close()


async def statuses(url: str) -> dict[str, int]:
    hub = bootstrap(make_settings(url))
    try:
        async with hub.uow() as uow:
            rows = await uow.session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            )
            return {status: int(n) for status, n in rows}
    finally:
        await hub.close()


def worker_env(url: str, base_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "SLACK"))}
    env.update(
        DATABASE_URL=url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=base_url,
        LOG_FORMAT="console",
        **extra,
    )
    return env


async def start(args: list[str], env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    handle = log.open("ab")
    return await asyncio.create_subprocess_exec(
        *args, env=env, stdout=handle, stderr=handle, stdin=asyncio.subprocess.DEVNULL
    )


async def wait_until(predicate, timeout: float, step: float = 0.02) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await predicate():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(step)
