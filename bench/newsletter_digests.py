"""Benchmark: compose and enqueue the weekly digests of 20,000 and 100,000 subscribers.

    .venv/bin/python bench/newsletter_digests.py            # SQLite (a temporary file)
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/test .venv/bin/python bench/...  # PostgreSQL
    BENCH_SIZES=2000,10000 ...                              # other sizes

Subscribers are spread over 3 languages, 6 time zones and 8 topic/region choices; 40 items were
published in the week (some untranslated). Reported per size: time per 1,000 subscribers and
peak traced memory (tracemalloc, a separate run), as ratios against a reference measured in
the same run: a bare bulk insert of as many outbox rows (the floor: writing the rows at all),
and the smallest size (memory should stay flat as the subscriber count grows).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, insert, update

from bench.databases import drop_database, fresh_database
from core.bootstrap import Hub, bootstrap
from core.config import Settings
from core.domain.kinds import Frequency
from core.domain.newsletter import current_period
from core.persistence.models import (
    Digest,
    Identity,
    NewsletterItem,
    OutboxMessage,
    Person,
    Region,
    Subscription,
)
from core.services.digests import enqueue_due_digests
from core.services.outbox import Outgoing, enqueue_many

NOW = datetime(2026, 11, 16, 23, 0, tzinfo=UTC)  # Monday, after 08:00 in every zone below
ZONES = ("Europe/Paris", "America/Lima", "Africa/Abidjan", "Asia/Kolkata", "UTC", "Europe/Madrid")
LANGUAGES = ("fr", "en", "es")
REGIONS = ("europe", "west-africa", "south-america", "south-asia")
RUBRICS = ("news", "success_story", "key_figure", "practice_sheet", "press_review")
CHOICES = (
    ([], []),
    (["news"], []),
    ([], ["west-africa"]),
    (["news", "press_review"], ["europe"]),
    (["practice_sheet"], []),
    ([], ["south-america", "south-asia"]),
    (["key_figure", "success_story"], []),
    (["news"], ["south-asia"]),
)
CHUNK = 5_000


async def seed(hub: Hub, subscribers: int) -> None:
    async with hub.uow() as uow:
        s = uow.session
        await s.execute(insert(Region), [{"code": c, "names": {"en": c}} for c in REGIONS])
        items = []
        for index in range(40):
            langs = LANGUAGES if index % 5 else ("fr",)
            items.append(
                {
                    "rubric": RUBRICS[index % len(RUBRICS)],
                    "title": {lang: f"Item {index} ({lang}) <b>soil</b>" for lang in langs},
                    "body": {lang: f"Text of item {index} in {lang}. " * 8 for lang in langs},
                    "status": "published",
                    "region_code": (None, *REGIONS)[index % 5],
                    "published_at": NOW - timedelta(days=1, minutes=index),
                    "created_at": NOW - timedelta(days=2),
                }
            )
        await s.execute(insert(NewsletterItem), items)
        for start in range(0, subscribers, CHUNK):
            ids = range(start + 1, min(start + CHUNK, subscribers) + 1)
            await s.execute(
                insert(Person),
                [
                    {"id": i, "name": f"p{i}", "display_name": "", "timezone": ZONES[i % 6]}
                    for i in ids
                ],
            )
            await s.execute(
                insert(Identity),
                [{"person_id": i, "channel": "telegram", "external_id": str(i)} for i in ids],
            )
            rows = []
            for i in ids:
                topics, regions = CHOICES[i % len(CHOICES)]
                zone = ZoneInfo(ZONES[i % 6])
                rows.append(
                    {
                        "person_id": i,
                        "channel": "telegram",
                        "language": LANGUAGES[i % 3],
                        "frequency": "weekly",
                        "topics": topics,
                        "regions": regions,
                        "active": True,
                        "created_at": NOW - timedelta(days=60),
                        "last_digest_at": current_period(
                            Frequency.WEEKLY, NOW, zone
                        ).previous_send_at,
                    }
                )
            await s.execute(insert(Subscription), rows)
        await uow.commit()


async def reset(hub: Hub) -> None:
    """Undo a run: no digest yet, nothing queued (so the next run does the same work)."""
    async with hub.uow() as uow:
        await uow.session.execute(delete(OutboxMessage))
        await uow.session.execute(delete(Digest))
        for zone in ZONES:
            previous = current_period(Frequency.WEEKLY, NOW, ZoneInfo(zone)).previous_send_at
            ids = [i for i in range(len(ZONES)) if ZONES[i] == zone]
            await uow.session.execute(
                update(Subscription)
                .where((Subscription.person_id % 6).in_(ids))
                .values(last_digest_at=previous)
            )
        await uow.commit()


async def run_digests(hub: Hub) -> int:
    async with hub.uow() as uow:
        count = await enqueue_due_digests(NOW, uow)
        await uow.commit()
        return count


async def run_reference(hub: Hub, count: int) -> None:
    """The floor: bulk-insert as many outbox rows, one constant payload, no composing."""
    params = {"text": "x" * 1500}
    async with hub.uow() as uow:
        for start in range(0, count, 500):
            await enqueue_many(
                uow,
                [
                    Outgoing(f"ref:{i}", "digest", "telegram", str(i), None, "text", params)
                    for i in range(start, min(start + 500, count))
                ],
            )
            await uow.commit()


async def measure(url: str, size: int) -> dict[str, float]:
    hub = bootstrap(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    try:
        await seed(hub, size)
        started = time.perf_counter()
        count = await run_digests(hub)
        elapsed = time.perf_counter() - started
        assert count == size, f"{count} digests for {size} subscribers"
        await reset(hub)
        tracemalloc.start()
        await run_digests(hub)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        async with hub.uow() as uow:
            await uow.session.execute(delete(OutboxMessage))
            await uow.commit()
        started = time.perf_counter()
        await run_reference(hub, size)
        reference = time.perf_counter() - started
    finally:
        await hub.close()
    return {"seconds": elapsed, "reference": reference, "peak": peak}


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "20000,100000").split(",")]
    backend = "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"
    print(f"newsletter digests, {backend}: compose + archive + enqueue, weekly, 3 languages")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            admin = os.environ.get("BENCH_DATABASE_URL")
            url, name = fresh_database(admin, Path(tmp), str(size))
            try:
                results[size] = asyncio.run(measure(url, size))
            finally:
                if name:
                    drop_database(os.environ["BENCH_DATABASE_URL"], name)
    base = results[sizes[0]]
    print(
        f"{'subscribers':>11} {'s/1000':>8} {'x floor':>8} {'x smallest':>10} "
        f"{'peak MiB':>9} {'x smallest':>10}"
    )
    for size in sizes:
        r = results[size]
        per_k = r["seconds"] / size * 1000
        floor_k = r["reference"] / size * 1000
        base_k = base["seconds"] / sizes[0] * 1000
        print(
            f"{size:>11} {per_k:>8.3f} {per_k / floor_k:>8.2f} {per_k / base_k:>10.2f} "
            f"{r['peak'] / 2**20:>9.1f} {r['peak'] / base['peak']:>10.2f}"
        )
    print(
        "x floor: time against a bare bulk insert of as many outbox rows in the same run; "
        "x smallest: against the first size (flat = 1.0)."
    )


if __name__ == "__main__":
    main()
