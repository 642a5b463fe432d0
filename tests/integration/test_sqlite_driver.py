"""SQLite through core.persistence.sqlite_driver: one trip to aiosqlite's thread per statement
(none for a statement known to be quick), another connection's lock waited for without holding
the event loop, and the same results, errors and transactions as aiosqlite's own cursors."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from core.persistence import sqlite_driver
from core.persistence.database import create_engine, session_factory
from core.persistence.sqlite_driver import OneTripConnection


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call queued on aiosqlite's thread by a one-trip connection, by name."""
    made: list[str] = []
    queue = OneTripConnection._execute

    async def counted(self: OneTripConnection, fn: object, *args: object, **kw: object) -> object:
        work = args[0] if fn is sqlite_driver._waiting else fn  # what waits its turn
        made.append(getattr(work, "__name__", repr(work)))
        return await queue(self, fn, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(OneTripConnection, "_execute", counted)
    return made


async def test_each_statement_is_one_trip(tmp_path: Path, trips: list[str]) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'one.db'}")
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
            await session.commit()
            sqlite_driver._quick.clear()  # statements seen before may make no trip at all
            trips.clear()
            inserted = await session.execute(text("INSERT INTO t (name) VALUES ('Aïcha')"))
            assert inserted.lastrowid == 1
            many = await session.execute(
                text("INSERT INTO t (name) VALUES (:name)"), [{"name": "Juan"}, {"name": "Lucie"}]
            )
            assert many.rowcount == 2
            rows = (await session.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
            assert [tuple(r) for r in rows] == [(1, "Aïcha"), (2, "Juan"), (3, "Lucie")]
            changed = await session.execute(text("UPDATE t SET name = upper(name) WHERE id > 1"))
            assert changed.rowcount == 2
            assert trips == ["_run", "_run_many", "_run", "_run"]  # aiosqlite's own: 3-4 each
            await session.commit()
        async with sessions() as session:
            with pytest.raises(IntegrityError):
                await session.execute(text("INSERT INTO t (name) VALUES ('JUAN')"))
            await session.rollback()
            await session.execute(text("INSERT INTO t (name) VALUES ('Kofi')"))
            await session.rollback()  # not committed: gone
            names = (await session.scalars(text("SELECT name FROM t ORDER BY id"))).all()
        assert names == ["Aïcha", "JUAN", "LUCIE"]
    finally:
        await engine.dispose()


async def test_a_quick_statement_makes_no_trip_the_second_time(
    tmp_path: Path, trips: list[str]
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'quick.db'}")
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
            await session.commit()
            sqlite_driver._quick.clear()
            trips.clear()
            for name in ("Aïcha", "Juan", "Lucie"):
                await session.execute(text("INSERT INTO t (name) VALUES (:n)"), {"n": name})
            rows = (await session.execute(text("SELECT name FROM t ORDER BY id"))).all()
            assert [r[0] for r in rows] == ["Aïcha", "Juan", "Lucie"]
            # the insert went on the thread once, then ran on the loop's; the select once
            assert trips == ["_run", "_run"]
            await session.commit()
    finally:
        await engine.dispose()


async def test_another_connections_lock_is_waited_for_without_holding_the_loop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "locked.db"
    engine = create_engine(f"sqlite:///{path}")
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
            for name in ("a", "b"):  # the insert is known to be quick: it would run inline
                await session.execute(text("INSERT INTO t (name) VALUES (:n)"), {"n": name})
            await session.commit()
        other = sqlite3.connect(path, isolation_level=None)  # another process's writer
        other.execute("BEGIN IMMEDIATE")
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticking = asyncio.create_task(tick())
        try:
            async with sessions() as session:
                started = time.perf_counter()
                writing = asyncio.create_task(
                    session.execute(text("INSERT INTO t (name) VALUES (:n)"), {"n": "c"})
                )
                await asyncio.sleep(0.3)
                assert not writing.done()  # it waits for the lock...
                assert ticks >= 10  # ...and the loop goes on meanwhile
                other.execute("COMMIT")
                await asyncio.wait_for(writing, 5)  # taken once released: no error
                assert time.perf_counter() - started >= 0.3
                await session.commit()
        finally:
            ticking.cancel()
            other.close()
        async with sessions() as session:
            names = (await session.scalars(text("SELECT name FROM t ORDER BY id"))).all()
        assert names == ["a", "b", "c"]
    finally:
        await engine.dispose()
