"""A fresh, migrated database for one benchmark run (PostgreSQL: a new database, dropped after)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

from core.persistence import migrate


def _admin(admin_url: str, statement: str) -> None:
    import asyncpg

    parsed = make_url(admin_url)

    async def run() -> None:
        connection = await asyncpg.connect(
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            database=parsed.database,
        )
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


def fresh_database(admin_url: str | None, folder: Path, label: str) -> tuple[str, str | None]:
    """(url, name): an SQLite file in `folder`, or with `admin_url` a new PostgreSQL database
    on that server (`name`, for `drop_database`), so no run measures another's rows."""
    if not admin_url:
        url = f"sqlite:///{folder / f'bench-{label}.sqlite3'}"
        migrate.upgrade(url)
        return url, None
    name = f"bench_{uuid.uuid4().hex[:10]}"
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    return url, name


def drop_database(admin_url: str, name: str) -> None:
    _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
