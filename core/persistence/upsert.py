"""INSERT ... ON CONFLICT for either database the hub runs on: the one dialect switch."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.persistence.uow import UnitOfWork


def dialect_insert(uow: UnitOfWork, table: Any) -> PostgresInsert | SqliteInsert:
    """An INSERT into `table` that knows `on_conflict_do_nothing/update` on this database."""
    if uow.dialect == "postgresql":
        return postgres_insert(table)
    return sqlite_insert(table)
