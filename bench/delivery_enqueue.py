"""Enqueueing personalised messages to N people, against a raw batch insert of the same rows.

The path under test is the announcement path: `reachable_people` pages through the audience
and `enqueue_many` streams the rows in batches (ON CONFLICT DO NOTHING, RETURNING to count).
The reference is one plain executemany INSERT of the same rows, built in memory beforehand.
Peak memory (tracemalloc) of the streamed path is measured at N/5 and N: flat means streamed.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import tracemalloc

from delivery_common import postgres_url, scratch_sqlite
from sqlalchemy import delete, insert, literal, select

from core.bootstrap import bootstrap
from core.persistence.models import Identity, OutboxMessage, Person, utcnow
from core.services.outbox import OUTBOX, Outgoing, enqueue_many, reachable_people
from tests.conftest import _truncate, make_settings


async def seed_people(url: str, count: int) -> None:
    hub = bootstrap(make_settings(url))
    async with hub.uow() as uow:
        for start in range(0, count, 10_000):
            await uow.session.execute(
                insert(Person),
                [
                    {
                        "name": f"p{n}",
                        "display_name": f"p{n}",
                        "language": ("fr", "en", "es")[n % 3],
                    }
                    for n in range(start, min(count, start + 10_000))
                ],
            )
        await uow.session.execute(
            insert(Identity).from_select(
                ["person_id", "channel", "external_id"],
                select(Person.id, literal("telegram"), Person.name),
            )
        )
        await uow.commit()
    await hub.close()


async def streamed(url: str, limit: int) -> tuple[float, int]:
    hub = bootstrap(make_settings(url))
    audience = select(Person.id).where(Person.id <= limit)
    started = time.perf_counter()
    async with hub.uow() as uow:

        async def messages():  # type: ignore[no-untyped-def]
            async for person_id, channel, recipient in reachable_people(uow, audience):
                yield Outgoing(
                    f"bench:{person_id}",
                    "announcement",
                    channel,
                    recipient,
                    person_id,
                    "announcement",
                    {"text": f"Hello p{person_id}"},
                )

        added = await enqueue_many(uow, messages())
        await uow.commit()
    elapsed = time.perf_counter() - started
    await clear(hub)
    return elapsed, added


async def raw(url: str, limit: int) -> float:
    hub = bootstrap(make_settings(url))
    async with hub.uow() as uow:
        people = (
            await uow.session.execute(
                select(Identity.person_id, Identity.channel, Identity.external_id).where(
                    Identity.person_id <= limit
                )
            )
        ).all()
    now = utcnow()
    rows = [
        {
            "idempotency_key": f"bench:{pid}",
            "kind": "announcement",
            "channel": channel,
            "recipient": recipient,
            "person_id": pid,
            "payload": {"template": "announcement", "params": {"text": f"Hello p{pid}"}},
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for pid, channel, recipient in people
    ]
    started = time.perf_counter()
    async with hub.uow() as uow:
        await uow.session.execute(insert(OUTBOX), rows)
        await uow.commit()
    elapsed = time.perf_counter() - started
    await clear(hub)
    return elapsed


async def clear(hub) -> None:  # type: ignore[no-untyped-def]
    async with hub.uow() as uow:
        await uow.session.execute(delete(OutboxMessage))
        await uow.commit()
    await hub.close()


def peak_memory(url: str, limit: int) -> int:
    tracemalloc.start()
    asyncio.run(streamed(url, limit))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def run(name: str, url: str, count: int) -> None:
    asyncio.run(seed_people(url, count))
    reference = asyncio.run(raw(url, count))
    elapsed, added = asyncio.run(streamed(url, count))
    assert added == count, added
    print(
        f"{name}: {count} messages: raw batch insert {reference:.2f}s, streamed enqueue "
        f"{elapsed:.2f}s = {elapsed / reference:.2f}x the raw insert (goal <= 2.00)"
    )
    small, large = peak_memory(url, count // 5), peak_memory(url, count)
    print(
        f"{name}: peak memory {small / 1e6:.1f} MB for {count // 5}, {large / 1e6:.1f} MB for "
        f"{count}: {large / small:.2f}x for 5x the recipients (flat = streamed)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    run("sqlite", scratch_sqlite(), args.count)
    if (pg := postgres_url()) is not None:
        from core.persistence import migrate

        migrate.upgrade(pg)
        asyncio.run(_truncate(pg))
        run("postgresql", pg, args.count)
