"""INSERT ... ON CONFLICT for either database the hub runs on: the one dialect switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.persistence.uow import UnitOfWork

Insert = PostgresInsert | SqliteInsert  # an INSERT that knows ON CONFLICT


def dialect_insert(uow: UnitOfWork, table: Any) -> Insert:
    """An INSERT into `table` that knows `on_conflict_do_nothing/update` on this database."""
    return insert_for(uow.dialect, table)


T = TypeVar("T")


def prepared(build: Callable[[str], T]) -> Callable[[UnitOfWork], T]:
    """A statement built once for each kind of database (its values as bind parameters, given
    at execution), instead of at every call: building one costs more than running it."""
    built: dict[str, T] = {}

    def statement(uow: UnitOfWork) -> T:
        dialect = uow.dialect
        if dialect not in built:
            built[dialect] = build(dialect)
        return built[dialect]

    return statement


def insert_for(dialect: str, table: Any) -> Insert:
    """`dialect_insert` for a database kind known by name (for `prepared` statements)."""
    return postgres_insert(table) if dialect == "postgresql" else sqlite_insert(table)
