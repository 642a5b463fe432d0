"""A fresh, migrated database for one benchmark run (PostgreSQL: a new database, dropped after)."""

from __future__ import annotations

from pathlib import Path

from core.persistence import migrate
from tests.scratch_databases import create_database, drop_database

__all__ = ["drop_database", "fresh_database"]


def fresh_database(admin_url: str | None, folder: Path, label: str) -> tuple[str, str | None]:
    """(url, name): an SQLite file in `folder`, or with `admin_url` a new PostgreSQL database
    on that server (`name`, for `drop_database`), so no run measures another's rows."""
    if not admin_url:
        url = f"sqlite:///{folder / f'bench-{label}.sqlite3'}"
        migrate.upgrade(url)
        return url, None
    return create_database(admin_url, "bench")
