"""The longest database wait and event-loop stall while the catalog service does index work.

A real SQLite database with `items` practices; a probe unit of work (a read and a one-row
write) runs back to back while (1) the catalog is built cold through `core.services.live_catalog`
and (2) an import of 1,000 changed practices is published and caught up, then (3) the hub
restarts and reopens the index saved on disk (the time until it answers with every item, and
until it has caught up with one change made while it was stopped). Each probe's time from asking
for its unit of work to its commit is its wait; the goal is none over 50 ms.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text, update

from core.bootstrap import Hub, bootstrap
from core.config import Settings
from core.persistence import migrate
from core.persistence.models import Practice, utcnow
from core.search.seeded import demo_rows
from core.seed.demo import load_demo
from core.services import directory_transfer as transfer
from core.services import live_catalog as catalog

CHANGED = 1000


async def _fill(hub: Hub, items: int) -> None:
    base, now = demo_rows("practices"), utcnow()
    for start in range(0, items, 2000):
        rows = []
        for n in range(start, min(items, start + 2000)):
            row = base[n % len(base)]
            rows.append(
                {
                    "slug": f"{row['slug']}-v{n}",
                    "category": row["category"],
                    "names": {k: f"{v} {n}" for k, v in row["names"].items()},
                    "synonyms": row.get("synonyms", {}),
                    "description": row.get("description", {}),
                    "results": row.get("results", {}),
                    "tutorials": [],
                    "zones": row.get("zones", []),
                    "regions": row.get("regions", []),
                    "status": "published",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        async with hub.uow() as uow:
            await uow.session.execute(insert(Practice.__table__), rows)
            await uow.commit()


def _disk_size(folder: Path) -> int:
    """Bytes of the saved search index beside the database in `folder`."""
    return sum(f.stat().st_size for f in folder.rglob("*") if ".search" in str(f) and f.is_file())


def _busy(uow: Any) -> bool:
    live = catalog._LIVE.get(uow.session.get_bind())  # the service's background task, if any
    return live is not None and live.task is not None and not live.task.done()


async def _watch(hub: Hub, work: Any, done: Any) -> tuple[float, float, float, float]:
    """(seconds taken, longest probe wait, longest loop stall, longest wait once `work` returned).

    The last is the index work's alone: an import's own writes come before it.
    """
    waits, stalls, stop = [0.0], [0.0], asyncio.Event()
    after: list[float] = [0.0]

    async def probe() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            async with hub.uow() as uow:
                await uow.session.scalar(select(func.count()).select_from(Practice))
                await uow.session.execute(text("UPDATE bench_probe SET n = n + 1"))
                await uow.commit()
            waits.append(time.perf_counter() - started)
            if returned.is_set():
                after.append(waits[-1])
            await asyncio.sleep(0.005)

    async def ticker() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            stalls.append(time.perf_counter() - started - 0.001)

    returned = asyncio.Event()
    tasks = [asyncio.create_task(probe()), asyncio.create_task(ticker())]
    started = time.perf_counter()
    await work()
    returned.set()
    while not await done():
        await asyncio.sleep(0.05)
    took = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*tasks)
    return took, max(waits), max(stalls), max(after)


async def measure(items: int) -> dict[str, tuple[float, float, float, float]]:
    """Cold build and a 1,000-change import, each with its longest wait and stall."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        await asyncio.to_thread(migrate.upgrade, url)
        hub = bootstrap(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
        try:
            await load_demo(hub)
            await _fill(hub, items - 36)
            async with hub.uow() as uow:
                await uow.session.execute(text("CREATE TABLE bench_probe (n INTEGER)"))
                await uow.session.execute(text("INSERT INTO bench_probe VALUES (0)"))
                await uow.commit()
                exported = await transfer.export_practices(uow)
            total = len(exported)

            async def indexed() -> bool:
                async with hub.uow() as uow:
                    current = await catalog.catalog(uow)
                    return len(current.practices) >= total and not _busy(uow)

            async def cold() -> None:
                async with hub.uow() as uow:
                    await catalog.catalog(uow)

            changed = [
                (f"item {n}", {**row, "names": {"en": f"changed {n}"}})
                for n, row in enumerate(exported[:CHANGED])
            ]

            async def bulk() -> None:
                async with hub.uow() as uow:
                    await transfer.import_practices(changed, uow)

            async def idle() -> None:
                await asyncio.sleep(3)

            async def always() -> bool:
                return True

            gc.freeze()  # the bench's own rows stay out of collections, as the hub's entries do
            quiet = await _watch(hub, idle, always)  # the reference: the machine, no index work
            built = await _watch(hub, cold, indexed)
            imported = await _watch(hub, bulk, indexed)
            await catalog.save_now(hub.engine.sync_engine)
            async with hub.uow() as uow:  # one change while the hub is stopped
                await uow.session.execute(
                    update(Practice)
                    .where(Practice.id == 1)
                    .values(names={"en": "Quetzalcoatl pasture"}, updated_at=utcnow())
                )
                await uow.commit()
            await hub.close()
            hub = bootstrap(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
            started = time.perf_counter()
            async with hub.uow() as uow:
                first = await catalog.catalog(uow)
                answering = len(first.practices) >= total
            reopened = time.perf_counter() - started

            async def changed_found() -> bool:
                async with hub.uow() as uow:
                    current = await catalog.catalog(uow)
                return bool(current.search_practices("quetzalcoatl", limit=1))

            async def nothing() -> None:
                return None

            restart = await _watch(hub, nothing, changed_found)
            size = _disk_size(Path(folder))
            print(
                f"   restart: answers with {'every' if answering else 'NOT every'} item after "
                f"{reopened * 1000:.0f} ms (saved index on disk, {size / 1e6:.0f} MB)"
            )
            return {
                "reference, nothing to do (3 s)": quiet,
                "cold build": built,
                "import": imported,
                "restart, catch-up": restart,
            }
        finally:
            await hub.close()
