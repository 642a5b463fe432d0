"""Real databases for the tests: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

Each run migrates a scratch database once (a copied file on SQLite, a database created and
dropped on the PostgreSQL server); each test starts from empty tables.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from core.bootstrap import Hub, bootstrap
from core.config import Settings
from core.persistence import migrate
from core.persistence.models import Base
from tests.scratch_databases import admin_execute, create_database, drop_database

BACKENDS = ["sqlite", "postgres"]
pytest_plugins = ["tests.fakes.telegram_api", "tests.fakes.slack_api", "tests.e2e.telegram_harness"]


def postgres_admin_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "hub.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL")
    url, name = create_database(admin, "hub_test")
    yield url
    drop_database(admin, name)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "hub.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    asyncio.run(_truncate(url))
    return url


async def _truncate(url: str) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    await admin_execute(url, f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated SQLite database, for tests that need only one backend."""
    path = tmp_path / "hub.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def make_settings(database_url: str, **overrides: object) -> Settings:
    if not database_url.startswith("sqlite"):  # not in the user's data directory (beside a file)
        overrides.setdefault("search_index_dir", "memory")
    return Settings(database_url=database_url, _env_file=None, **overrides)  # type: ignore[call-arg]


@pytest.fixture
async def hub(database_url: str) -> AsyncIterator[Hub]:
    built = bootstrap(make_settings(database_url))
    yield built
    await built.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In CI the PostgreSQL tests must run: an unset TEST_DATABASE_URL is an error there."""
    if os.environ.get("CI") and not postgres_admin_url():
        raise pytest.UsageError("CI must set TEST_DATABASE_URL to the PostgreSQL server")
