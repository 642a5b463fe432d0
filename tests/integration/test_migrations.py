"""Migrations give the same schema on SQLite and PostgreSQL, and round-trip."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from core.persistence import migrate
from core.persistence.database import create_engine
from core.persistence.models import Base


def describe(connection: Connection) -> dict[str, Any]:
    """A backend-neutral description of every table: columns, keys, uniques, indexes."""
    inspector = inspect(connection)
    schema: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        columns = {
            col["name"]: (type(col["type"].as_generic()).__name__, col["nullable"])
            for col in inspector.get_columns(table)
        }
        schema[table] = {
            "columns": columns,
            "pk": sorted(inspector.get_pk_constraint(table)["constrained_columns"]),
            "fks": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    fk["options"].get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "uniques": sorted(
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)
            ),
            "indexes": sorted(
                (ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
                for ix in inspector.get_indexes(table)
                if not ix.get("duplicates_constraint")  # PostgreSQL lists unique constraints
            ),
        }
    return schema


def schema_of(url: str) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        engine = create_engine(url)
        async with engine.connect() as connection:
            described = await connection.run_sync(describe)
        await engine.dispose()
        return described

    return asyncio.run(read())


def test_upgrade_creates_every_model_table(sqlite_url: str) -> None:
    assert set(schema_of(sqlite_url)) == set(Base.metadata.tables)


@pytest.mark.postgres
def test_sqlite_and_postgresql_get_the_same_schema(sqlite_url: str, postgres_url: str) -> None:
    sqlite_schema, postgres_schema = schema_of(sqlite_url), schema_of(postgres_url)
    for table in sorted(set(sqlite_schema) | set(postgres_schema)):
        assert sqlite_schema.get(table) == postgres_schema.get(table), table


def test_downgrade_and_upgrade_round_trip(database_url: str) -> None:
    before = schema_of(database_url)
    migrate.downgrade(database_url, "base")
    assert schema_of(database_url) == {}
    migrate.upgrade(database_url)
    assert schema_of(database_url) == before
