"""A cold catalog on disk is built by a child process, then swapped in beside the live one."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from core.bootstrap import Hub, bootstrap
from core.persistence.models import Practice, utcnow
from core.search import saved
from core.seed.demo import load_demo
from core.services import live_catalog
from tests.conftest import make_settings

EXTRA = live_catalog.FIRST_INLINE + 100  # more than a use indexes before answering


def _hub(url: str, directory: Path) -> Hub:
    return bootstrap(make_settings(url, search_index_dir=str(directory)))


async def _fill(hub: Hub, count: int) -> None:
    now = utcnow()
    rows = [
        {
            "slug": f"cold-{n}",
            "category": "agroforestry",
            "names": {"en": f"Hedgerow number {n}", "fr": f"Haie numero {n}"},
            "synonyms": {},
            "description": {"en": "Rows of trees between fields."},
            "results": {},
            "tutorials": [],
            "zones": [],
            "regions": [],
            "status": "published",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    async with hub.uow() as uow:
        await uow.session.execute(insert(Practice.__table__), rows)
        await uow.commit()


async def _catalog(hub: Hub) -> live_catalog.Catalog:
    async with hub.uow() as uow:
        return await live_catalog.catalog(uow)


async def _until_whole(hub: Hub, total: int) -> live_catalog.Catalog:
    for _ in range(600):
        current = await _catalog(hub)
        live = live_catalog._LIVE[hub.engine.sync_engine]
        if len(current.practices) >= total and (live.task is None or live.task.done()):
            return current
        await asyncio.sleep(0.05)
    raise AssertionError("the cold catalog never became whole")


async def test_a_cold_catalog_is_built_aside_and_a_restart_reopens_it(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "index"
    hub = _hub(database_url, directory)
    await load_demo(hub)
    await _fill(hub, EXTRA)
    async with hub.uow() as uow:
        total = len((await live_catalog.build_catalog(uow)).practices)
    try:
        with caplog.at_level(logging.INFO, logger="core.services.live_catalog"):
            first = await _catalog(hub)
            assert len(first.practices) < total  # it answers at once, before the build
            async with hub.uow() as uow:  # a change while the child builds
                await uow.session.execute(
                    update(Practice)
                    .where(Practice.slug == "cold-7")
                    .values(names={"en": "Quetzalcoatl hedge"}, updated_at=utcnow())
                )
                await uow.commit()
            live_catalog.invalidate()
            built = await _until_whole(hub, total)
        done = [r for r in caplog.records if r.message == "catalog_built"]
        assert done
        assert getattr(done[0], "outcome", "") == f"built {total + len(built.partners)}"
        assert [built.practices[h.ref].slug for h in built.search_practices("quetzalcoatl")] == [
            "cold-7"
        ]
        assert built.search_practices("hedgerow number 123", limit=1)
        assert built.directory == directory / "0"
        assert (directory / "0" / saved.FILE).exists()
        assert not (directory / "0.build").exists()
        await live_catalog.save_now(hub.engine.sync_engine)
    finally:
        await hub.close()

    again = _hub(database_url, directory)
    try:
        with caplog.at_level(logging.INFO, logger="core.services.live_catalog"):
            reopened = await _catalog(again)
        assert any(r.message == "catalog_reopened" for r in caplog.records)
        assert len(reopened.practices) == total
        assert reopened.search_practices("quetzalcoatl", limit=1)
    finally:
        await again.close()


async def test_a_build_that_fails_is_done_in_the_hub_instead(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "index"
    directory.mkdir()
    (directory / "0.build").write_text("not a directory")  # the child cannot build there
    hub = _hub(sqlite_url, directory)
    try:
        await load_demo(hub)
        await _fill(hub, EXTRA)
        async with hub.uow() as uow:
            total = len((await live_catalog.build_catalog(uow)).practices)
        with caplog.at_level(logging.INFO, logger="core.services.live_catalog"):
            current = await _until_whole(hub, total)
        failed = [r for r in caplog.records if r.message == "catalog_build_failed"]
        assert failed
        assert getattr(failed[0], "error", "").endswith("Error")
        assert current.search_practices("hedgerow number 42", limit=1)
    finally:
        await hub.close()
