"""Fixtures of the end-to-end tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a `4p1000` subprocess: its own SQLite file, no channel tokens."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "TELEGRAM", "SLACK"))
    }
    clean["DATABASE_URL"] = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    return clean
