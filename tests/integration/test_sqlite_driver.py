"""SQLite through core.persistence.sqlite_driver: one trip to aiosqlite's thread per statement,
and the same results, errors and transactions as aiosqlite's own cursors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from core.persistence.database import create_engine, session_factory
from core.persistence.sqlite_driver import OneTripConnection


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call queued on aiosqlite's thread by a one-trip connection, by name."""
    made: list[str] = []
    queue = OneTripConnection._execute

    async def counted(self: OneTripConnection, fn: object, *args: object, **kw: object) -> object:
        made.append(getattr(fn, "__name__", repr(fn)))
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
