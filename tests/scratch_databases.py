"""Scratch PostgreSQL databases on a server, for the tests and the benchmarks: created,
migrated, dropped."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy.engine import make_url

from core.persistence import migrate


async def admin_execute(admin_url: str, statement: str) -> None:
    """Run one statement on the server's database named in `admin_url`."""
    import asyncpg

    parsed = make_url(admin_url)
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


def create_database(admin_url: str, prefix: str) -> tuple[str, str]:
    """(url, name) of a new, migrated database on the server of `admin_url`."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    asyncio.run(admin_execute(admin_url, f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    return url, name


def drop_database(admin_url: str, name: str) -> None:
    asyncio.run(admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
