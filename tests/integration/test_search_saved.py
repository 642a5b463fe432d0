"""The search index saved on disk: a restart reopens it and reads only what changed since."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import update

from core.bootstrap import Hub, bootstrap
from core.persistence.models import CatalogGeneration, Practice, utcnow
from core.search import saved
from core.seed.demo import load_demo
from core.services import live_catalog
from tests.conftest import make_settings


def _hub(url: str, directory: Path) -> Hub:
    return bootstrap(make_settings(url, search_index_dir=str(directory)))


async def _catalog(hub: Hub) -> live_catalog.Catalog:
    async with hub.uow() as uow:
        return await live_catalog.catalog(uow)


async def _rename(hub: Hub, practice_id: int, name: str) -> None:
    async with hub.uow() as uow:
        await uow.session.execute(
            update(Practice)
            .where(Practice.id == practice_id)
            .values(names={"en": name}, updated_at=utcnow())
        )
        await uow.commit()
    live_catalog.invalidate()


def _slot(directory: Path, hub: Hub) -> Path | None:
    return live_catalog._LIVE[hub.engine.sync_engine].catalog.directory


async def test_a_restart_reopens_the_saved_index_and_catches_up(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "index"
    first = _hub(database_url, directory)
    await load_demo(first)
    built = await _catalog(first)
    count = len(built.practices)
    assert count > 0
    assert _slot(directory, first) == directory / "0"
    await live_catalog.save_now(first.engine.sync_engine)
    await first.close()
    assert (directory / "0" / saved.FILE).exists()

    second = _hub(database_url, directory)
    await _rename(second, 1, "Quetzalcoatl pasture")  # changed while no catalog looked
    with caplog.at_level(logging.INFO, logger="core.services.live_catalog"):
        reopened = await _catalog(second)
    assert any(r.message == "catalog_reopened" for r in caplog.records)
    assert len(reopened.practices) == count
    assert [h.ref for h in reopened.search_practices("quetzalcoatl", limit=1)] == [1]
    assert reopened.search_practices("compost", limit=3)  # the saved documents answer
    await second.close()


async def test_two_hubs_on_one_directory_each_keep_their_own_slot(
    database_url: str, tmp_path: Path
) -> None:
    directory = tmp_path / "index"
    one, two = _hub(database_url, directory), _hub(database_url, directory)
    try:
        await load_demo(one)
        first, second = await _catalog(one), await _catalog(two)
        slots = {_slot(directory, one), _slot(directory, two)}
        assert slots == {directory / "0", directory / "1"}  # tantivy's writer lock, one each
        await _rename(one, 2, "Xochipilli terraces")
        for hub in (one, two):
            current = await _catalog(hub)
            assert [h.ref for h in current.search_practices("xochipilli", limit=1)] == [2]
        assert len(first.practices) == len(second.practices)
        for hub in (one, two):
            await live_catalog.save_now(hub.engine.sync_engine)
    finally:
        await one.close()
        await two.close()
    again = _hub(database_url, directory)  # both slots free again, neither damaged
    try:
        current = await _catalog(again)
        assert _slot(directory, again) == directory / "0"
        assert [h.ref for h in current.search_practices("xochipilli", limit=1)] == [2]
    finally:
        await again.close()


async def test_an_index_saved_for_another_database_is_not_reused(
    sqlite_url: str, tmp_path: Path
) -> None:
    directory = tmp_path / "index"
    first = _hub(sqlite_url, directory)
    await load_demo(first)
    await _rename(first, 1, "Quetzalcoatl pasture")
    assert (await _catalog(first)).search_practices("quetzalcoatl", limit=1)
    await live_catalog.save_now(first.engine.sync_engine)
    await first.close()
    other = tmp_path / "other.sqlite3"  # a copy of the database, whose catalogue is made anew
    other.write_bytes(Path(sqlite_url.removeprefix("sqlite:///")).read_bytes())
    stranger = _hub(f"sqlite:///{other}", directory)
    try:
        async with stranger.uow() as uow:  # same marks, other names: only the epoch tells
            await uow.session.execute(update(CatalogGeneration).values(epoch="f" * 32))
            await uow.session.execute(
                update(Practice)
                .where(Practice.id == 1)
                .values(names={"en": "Plain"}, updated_at=Practice.updated_at)
            )
            await uow.commit()
        current = await _catalog(stranger)
        assert len(current.practices) > 0
        assert not current.search_practices("quetzalcoatl", limit=1)
    finally:
        await stranger.close()


def test_the_default_directory_is_beside_an_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    assert live_catalog.index_directory("", url) == tmp_path / "hub.sqlite3.search"
    assert live_catalog.index_directory("memory", url) is None
    assert live_catalog.index_directory(str(tmp_path / "x"), url) == tmp_path / "x"
    assert live_catalog.index_directory("", "sqlite://") is None
    server = live_catalog.index_directory("", "postgresql://u:secret@db:5432/hub")
    assert server is not None
    assert "secret" not in str(server)
    assert server.name.startswith("hub-")
