"""An import is published in short batches, yet seen whole or not at all; a dead one is undone."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select, update

from core.bootstrap import Hub
from core.persistence.models import CatalogGeneration, Practice, StagedPractice, utcnow
from core.seed.demo import load_demo
from core.services import directory_transfer as transfer
from core.services import import_staging, live_catalog

COPIES = 230  # several batches of PUBLISH_CHUNK


async def _rows(hub: Hub) -> tuple[list[dict[str, Any]], list[tuple[str, dict[str, Any]]]]:
    """The demo practices as exported, and an import: copies plus every demo one renamed."""
    async with hub.uow() as uow:
        base = await transfer.export_practices(uow)
    rows = [(f"item {n}", {**base[n % len(base)], "slug": f"copy-{n}"}) for n in range(COPIES)]
    renamed = [
        (f"item r{n}", {**row, "names": {"en": f"Renamed {n}"}}) for n, row in enumerate(base)
    ]
    return base, rows + renamed


async def _state(hub: Hub) -> tuple[int, int, str | None, int, int]:
    """(copies in practices, practices named 'Renamed …', claim, generation, staged rows)."""
    async with hub.uow() as uow:
        session = uow.session
        copies = await session.scalar(select(func.count()).where(Practice.slug.like("copy-%")))
        renamed = sum(
            1
            for names in (await session.scalars(select(Practice.names))).all()
            if str(names.get("en", "")).startswith("Renamed")
        )
        row = (
            await session.execute(
                select(CatalogGeneration.publishing, CatalogGeneration.generation)
            )
        ).first()
        claim, generation = row if row is not None else (None, 0)  # PostgreSQL's are emptied
        staged = await session.scalar(select(func.count()).select_from(StagedPractice))
    return int(copies or 0), renamed, claim, int(generation), int(staged or 0)


async def test_an_import_is_published_whole_in_batches(hub: Hub) -> None:
    await load_demo(hub)
    base, rows = await _rows(hub)
    before = (await _state(hub))[3]
    async with hub.uow() as uow:
        result = await transfer.import_practices(rows, uow)
    assert (result.created, result.updated) == (COPIES, len(base))
    assert await _state(hub) == (COPIES, len(base), None, before + 1, 0)
    async with hub.uow() as uow:
        current = await live_catalog.catalog(uow)
    assert len(current.practices) == COPIES + len(base) or live_catalog._busy(
        live_catalog._LIVE[hub.engine.sync_engine]
    )


async def _half_publish(hub: Hub, rows: list[tuple[str, dict[str, Any]]]) -> str:
    """Stage `rows` and copy the first batches, as a process that then died would have."""
    import_id = uuid.uuid4().hex
    fields = import_staging.FIELDS
    async with hub.uow() as uow:
        base = {r["slug"]: r for r in await transfer.export_practices(uow)}
        staged = [
            {
                "import_id": import_id,
                "staged_at": utcnow(),
                **{f: row.get(f, base.get(row["slug"], {}).get(f)) for f in fields},
            }
            for _where, row in rows
        ]
        for row in staged:
            row["status"] = row["status"] or "published"
            for f in ("names", "synonyms", "description", "results", "tutorials", "zones"):
                row[f] = (
                    row[f] if row[f] is not None else ([] if f in ("tutorials", "zones") else {})
                )
            row["regions"] = row["regions"] or []
        await uow.session.execute(insert(StagedPractice), staged)
        await uow.commit()
        await import_staging._claim(import_id, uow)
        ids = (
            await uow.session.scalars(
                select(StagedPractice.id)
                .where(StagedPractice.import_id == import_id)
                .order_by(StagedPractice.id.desc())
            )
        ).all()
        ids = sorted(ids)
        # the renamed demo practices come last: copy the last batch first, then two more
        progress = 0
        for high in (ids[-1 - import_staging.PUBLISH_CHUNK], ids[-1]):
            await import_staging._copy(import_id, progress, high, uow)
            await import_staging._beat(import_id, uow, high)
            await uow.commit()
            progress = high
        await uow.session.execute(  # ... and then it died, some time ago
            update(CatalogGeneration).values(
                heartbeat=utcnow() - import_staging.STALE - timedelta(seconds=1)
            )
        )
        await uow.commit()
    return import_id


async def test_a_publication_that_died_is_seen_by_no_search_and_undone(hub: Hub) -> None:
    await load_demo(hub)
    base, rows = await _rows(hub)
    async with hub.uow() as uow:
        catalog = await live_catalog.catalog(uow)
    names = {p.id: p.names for p in catalog.practices.values()}
    await _half_publish(hub, rows)
    copies, renamed, claim, _generation, _staged = await _state(hub)
    assert copies > 0  # in the table: the first batches were copied ...
    assert renamed == len(base)
    assert claim is not None
    live_catalog.invalidate()
    async with hub.uow() as uow:
        during = await live_catalog.catalog(uow)  # ... but the search keeps the last generation
    assert {p.id: p.names for p in during.practices.values()} == names
    assert not during.search_practices("renamed", limit=3)
    for _ in range(200):  # the search noticed the dead claim and undoes it in the background
        state = await _state(hub)
        if state[2] is None and state[4] == 0:  # undone, then its staged rows dropped
            break
        await asyncio.sleep(0.05)
    assert await _state(hub) == (0, 0, None, _generation, 0)
    async with hub.uow() as uow:
        after = await live_catalog.catalog(uow)
        restored = {p.id: p.names for p in (await uow.session.scalars(select(Practice))).all()}
    assert {k: {x: y for x, y in v.items() if y} for k, v in restored.items()} == names
    assert {p.id: p.names for p in after.practices.values()} == names
    # and the same import, run again, publishes whole
    async with hub.uow() as uow:
        result = await transfer.import_practices(rows, uow)
    assert (result.created, result.updated) == (COPIES, len(base))


async def test_a_cancelled_import_takes_back_what_it_had_published(hub: Hub) -> None:
    await load_demo(hub)
    _base, rows = await _rows(hub)
    generation = (await _state(hub))[3]

    async def bulk() -> None:
        async with hub.uow() as uow:
            await transfer.import_practices(rows, uow)

    task = asyncio.create_task(bulk())
    for _ in range(2000):
        async with hub.uow() as uow:
            progress = await uow.session.scalar(select(CatalogGeneration.progress))
        if progress:
            break
        await asyncio.sleep(0.001)
    assert progress, "the publication never started"
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert await _state(hub) == (0, 0, None, generation, 0)
