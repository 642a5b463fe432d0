"""A unit of work that only reads does not wait for a writer's turn, and sees what is committed."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, text

from core.bootstrap import Hub
from core.persistence.models import Practice


async def test_a_reading_unit_reads_while_a_writer_holds_the_turn(hub: Hub) -> None:
    async with hub.uow() as setup:
        await setup.session.execute(text("CREATE TABLE probe (n INTEGER)"))
        await setup.session.execute(text("INSERT INTO probe VALUES (1)"))
        await setup.commit()
    writing = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with hub.uow() as uow:  # holds the turn (SQLite) with an open write meanwhile
            await uow.session.execute(text("UPDATE probe SET n = 2"))
            writing.set()
            await release.wait()
            await uow.commit()

    held = asyncio.create_task(writer())
    await asyncio.wait_for(writing.wait(), 10)
    try:
        seen, counted = await asyncio.wait_for(_read_only(hub), 5)  # no wait for the turn
        assert seen == 1  # the writer's change is not committed yet
        assert counted is not None
        ordinary = None
        if hub.engine.dialect.name == "sqlite":  # an ordinary unit of work waits for the turn
            ordinary = asyncio.create_task(_read(hub))
            await asyncio.sleep(0.1)
            assert not ordinary.done()
    finally:
        release.set()
        await held
    # PostgreSQL has no turn: an ordinary unit started before the commit could still see 1
    after = ordinary if ordinary is not None else asyncio.create_task(_read(hub))
    assert await asyncio.wait_for(after, 5) == 2


async def _read(hub: Hub) -> int:
    async with hub.uow() as uow:
        return int(await uow.session.scalar(text("SELECT n FROM probe")) or 0)


async def _read_only(hub: Hub) -> tuple[object, object]:
    async with hub.uow().another(reading=True) as reader:
        seen = await reader.session.scalar(text("SELECT n FROM probe"))
        return seen, await reader.session.scalar(select(func.count()).select_from(Practice))
