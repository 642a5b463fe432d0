"""The unit of work: one transaction per use case, committed explicitly."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from types import TracebackType
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.persistence.rows import sqlite_param

# SQLite has one writer at a time, and a blocked writer sleeps in SQLite's busy handler
# (1, 2, 5 ... 100 ms). Within a process, units of work on SQLite take turns on an asyncio
# lock instead, which wakes the next one at once. PostgreSQL needs no such thing. A unit of work
# that only reads needs no turn either (WAL: readers and the writer do not block each other).
_inside: ContextVar[bool] = ContextVar("inside_sqlite_unit_of_work", default=False)


class NotTogether(RuntimeError):
    """Work sharing a transaction with other work tried to roll back or yield it."""


class UnitOfWork:
    """`async with uow:` opens a session; nothing is written unless `commit()` is awaited.

    Several people's messages can share one (`together`): then a handler's `commit()` only
    flushes, and the holder commits them all at once; a `rollback()` or `take_turns()` raises
    NotTogether, so that the holder rolls back and does each piece of work on its own.
    """

    session: AsyncSession

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], turn: asyncio.Lock | None = None
    ) -> None:
        self._sessions = sessions
        self._turn = turn
        self._holds = False
        self._together = False

    def another(self, *, reading: bool = False) -> UnitOfWork:
        """A separate unit of work on the same database (for work that outlives this one).

        `reading`: it only reads, so it does not wait for the turn nor keep others waiting.
        """
        return UnitOfWork(self._sessions, None if reading else self._turn)

    @property
    def takes_turns(self) -> bool:
        """Whether units of work on this database write one at a time (SQLite)."""
        return self._turn is not None

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    async def __aenter__(self) -> UnitOfWork:
        if self._turn is not None and not _inside.get():  # a nested one shares the turn
            await self._turn.acquire()
            self._holds = True
            self._token = _inside.set(True)
        self.session = self._sessions()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            # Closing rolls back what was not committed; objects read stay usable (detached).
            await self.session.close()
        finally:
            if self._holds:
                _inside.reset(self._token)
                self._holds = False
                if self._turn is not None:
                    self._turn.release()

    async def commit(self) -> None:
        if self._together:
            await self.session.flush()  # what is written so far holds: the holder commits
            return
        await self.session.commit()

    @contextlib.contextmanager
    def together(self) -> Iterator[None]:
        """Several pieces of work share this transaction: see the class's note."""
        self._together = True
        try:
            yield
        finally:
            self._together = False

    async def take_turns(self, pause: float = 0.0) -> None:
        """Commit what is done so far and let waiting units of work run before going on.

        A bulk job passes a short `pause`: one bare yield lets a waiting task take one step,
        but a person's request needs several database round trips, and a job always ready to
        run would otherwise be served between each of them.
        """
        if self._together:
            raise NotTogether("take_turns")
        await self.session.commit()
        if self._holds and self._turn is not None:
            self._turn.release()
            try:
                await asyncio.sleep(pause)
            finally:
                await self._turn.acquire()
        else:
            await asyncio.sleep(pause)

    async def rows(
        self, sql: str, params: Mapping[str, object] | None = None
    ) -> list[tuple[Any, ...]]:
        """Run one plain read query in this transaction (a `Rows`, as `bare_rows` gives)."""
        bound = dict(params or {})
        if self.dialect == "sqlite":
            bound = {key: sqlite_param(value) for key, value in bound.items()}
        result = await self.session.execute(text(sql), bound)
        return [tuple(row) for row in result.all()]

    async def rollback(self) -> None:
        if self._together:
            raise NotTogether("rollback")
        await self.session.rollback()
