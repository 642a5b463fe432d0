"""How long an import's publication holds SQLite's writer: batches against one transaction.

    .venv/bin/python bench/import_publication.py [--rows 5000]

Stages `rows` new practices twice on a real SQLite database with the demo data, then publishes
them (1) the way imports do now, in short batches (each batch's transaction timed), and (2) as
the reference in the same run, in one transaction (the former publication: one UPDATE and one
INSERT ... SELECT over every staged row). Reports the longest transaction of each and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import exists, insert, literal, select, update  # noqa: E402

from core.bootstrap import Hub, bootstrap  # noqa: E402
from core.config import Settings  # noqa: E402
from core.persistence import migrate  # noqa: E402
from core.persistence.models import utcnow  # noqa: E402
from core.seed.demo import load_demo  # noqa: E402
from core.services import directory_transfer as transfer  # noqa: E402
from core.services import import_staging as staging  # noqa: E402


async def _stage(hub: Hub, rows: list[dict[str, Any]], tag: str) -> str:
    import_id = uuid.uuid4().hex
    async with hub.uow() as uow:
        values = [
            {
                "import_id": import_id,
                "staged_at": utcnow(),
                **{f: row[f] for f in staging.FIELDS},
                "slug": f"{row['slug']}-{tag}",
            }
            for row in rows
        ]
        await uow.session.execute(insert(staging._STAGED), values)
        await uow.commit()
    return import_id


async def _batched(hub: Hub, import_id: str) -> tuple[float, float, float]:
    """(whole publication, longest batch, median batch) in seconds, the way imports publish now.

    A batch's transaction runs from the start of its copy to its commit (at its rest)."""
    holds: list[float] = []
    rest = staging._rest

    async def timed(uow: Any, began: float, pause: float) -> None:
        await uow.session.commit()
        holds.append(time.perf_counter() - began)
        await rest(uow, began, pause)

    staging._rest = timed  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        async with hub.uow() as uow:
            await staging.publish(import_id, uow)
        return time.perf_counter() - started, max(holds), statistics.median(holds)
    finally:
        staging._rest = rest  # type: ignore[assignment]


async def _at_once(hub: Hub, import_id: str) -> float:
    """The former publication: every staged row in one transaction (the reference)."""
    practices, staged = staging._PRACTICES, staging._STAGED
    mine, now = staged.c.import_id == import_id, utcnow()
    started = time.perf_counter()
    async with hub.uow() as uow:
        changed = {f: staged.c[f] for f in staging.FIELDS if f != "slug"}
        await uow.session.execute(
            update(practices)
            .where(mine, practices.c.slug == staged.c.slug)
            .values(**changed, updated_at=now)
        )
        stamp = literal(now, practices.c.created_at.type)
        await uow.session.execute(
            insert(practices).from_select(
                [*staging.FIELDS, "created_at", "updated_at"],
                select(*(staged.c[f] for f in staging.FIELDS), stamp, stamp).where(
                    mine, ~exists().where(practices.c.slug == staged.c.slug)
                ),
            )
        )
        await uow.commit()
    return time.perf_counter() - started


async def measure(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        await asyncio.to_thread(migrate.upgrade, url)
        hub = bootstrap(Settings(database_url=url, search_index_dir="memory", _env_file=None))  # type: ignore[call-arg]
        try:
            await load_demo(hub)
            async with hub.uow() as uow:
                base = await transfer.export_practices(uow)
            rows = [{**base[n % len(base)], "slug": f"copy-{n}"} for n in range(count)]
            for row in rows:
                for field in staging.FIELDS:
                    row.setdefault(field, None)
                row["status"] = row["status"] or "published"
            whole, longest, median = await _batched(hub, await _stage(hub, rows, "a"))
            reference = await _at_once(hub, await _stage(hub, rows, "b"))
        finally:
            await hub.close()
    print(
        f"publishing {count:,} practices on SQLite: in batches of {staging.PUBLISH_CHUNK}, "
        f"{whole:.2f} s in all, transactions median {median * 1000:.1f} ms, longest "
        f"{longest * 1000:.1f} ms | in one "
        f"transaction (reference) {reference * 1000:.0f} ms | longest hold ratio "
        f"{longest / reference:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    asyncio.run(measure(parser.parse_args().rows))


if __name__ == "__main__":
    main()
