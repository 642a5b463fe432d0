"""Plain SQL rows through the bare driver, for read models that must start fast (`status`)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

_NAMED = re.compile(r"(?<!:):([a-z_]+)")


class Rows(Protocol):
    """Run one read query with `:name` parameters; every row as a tuple."""

    async def __call__(
        self, sql: str, params: Mapping[str, object] | None = None
    ) -> list[tuple[Any, ...]]: ...


class NoDatabase(Exception):
    """The SQLite file does not exist (yet): nothing was created."""


def sqlite_param(value: object) -> object:
    """Datetimes as SQLAlchemy stores them on SQLite (naive UTC text), so comparisons hold."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def sqlite_path(url: str) -> Path:
    """The file of a `sqlite:///path` URL."""
    rest = url.split("://", 1)[1]
    return Path(rest.removeprefix("/").split("?", 1)[0]).expanduser()


@asynccontextmanager
async def bare_rows(url: str) -> AsyncIterator[Rows]:
    """Read `url` with the stdlib's sqlite3 or with asyncpg: no SQLAlchemy, no pool, no writes."""
    if url.split(":", 1)[0].split("+")[0] == "sqlite":
        import sqlite3

        path = sqlite_path(url)
        if not path.is_file():
            raise NoDatabase(str(path))
        connection = sqlite3.connect(path, timeout=10)

        async def sqlite_rows(
            sql: str, params: Mapping[str, object] | None = None
        ) -> list[tuple[Any, ...]]:
            bound = {key: sqlite_param(value) for key, value in (params or {}).items()}
            return [tuple(row) for row in connection.execute(sql, bound).fetchall()]

        try:
            yield sqlite_rows
        finally:
            connection.close()
        return
    import asyncpg

    plain = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)
    pg = await asyncpg.connect(plain)

    async def pg_rows(
        sql: str, params: Mapping[str, object] | None = None
    ) -> list[tuple[Any, ...]]:
        names: list[str] = []

        def number(match: re.Match[str]) -> str:
            if match.group(1) not in names:
                names.append(match.group(1))
            return f"${names.index(match.group(1)) + 1}"

        numbered = _NAMED.sub(number, sql)
        values = [(params or {})[name] for name in names]
        return [tuple(record) for record in await pg.fetch(numbered, *values)]

    try:
        yield pg_rows
    finally:
        await pg.close()
