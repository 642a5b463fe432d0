"""`4p1000 import practices` killed mid-way leaves nothing half-done; re-running it completes."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.e2e.cli import PROGRAM, run

IMPORTED = 3000


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(sql).fetchone()[0])


def test_a_killed_import_shows_nothing_or_everything(env: dict[str, str], tmp_path: Path) -> None:
    database = tmp_path / "hub.sqlite3"
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    assert run(["seed", "demo"], env=env, cwd=tmp_path).returncode == 0
    assert run(["export", "practices", "p.json"], env=env, cwd=tmp_path).returncode == 0
    base = json.loads((tmp_path / "p.json").read_text())
    rows = [{**base[n % len(base)], "slug": f"copy-{n}"} for n in range(IMPORTED)]
    (tmp_path / "big.json").write_text(json.dumps(rows))
    imported = "SELECT count(*) FROM practices WHERE slug LIKE 'copy-%'"
    command = [str(PROGRAM), "import", "practices", "big.json"]
    with subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 60
        while _count(database, "SELECT count(*) FROM staged_practices") < IMPORTED // 3:
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    assert _count(database, imported) in (0, IMPORTED)  # nothing, or (published) everything
    assert _count(database, imported) == 0, "killed while staging: nothing is visible"
    again = run(["import", "practices", "big.json"], env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"practices: {IMPORTED} created, 0 updated" in again.stdout
    assert _count(database, imported) == IMPORTED
    assert _count(database, "SELECT count(DISTINCT slug) FROM practices") == IMPORTED + len(base)


def test_a_publication_killed_mid_way_is_undone(env: dict[str, str], tmp_path: Path) -> None:
    """Killed while publishing: the next import undoes the batches copied, then runs whole."""
    database = tmp_path / "hub.sqlite3"
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    assert run(["seed", "demo"], env=env, cwd=tmp_path).returncode == 0
    assert run(["export", "practices", "p.json"], env=env, cwd=tmp_path).returncode == 0
    base = json.loads((tmp_path / "p.json").read_text())
    renamed = [{**row, "names": {"en": f"Renamed {n}"}} for n, row in enumerate(base)]
    rows = [*renamed, *({**base[n % len(base)], "slug": f"copy-{n}"} for n in range(IMPORTED))]
    (tmp_path / "big.json").write_text(json.dumps(rows))
    imported = "SELECT count(*) FROM practices WHERE slug LIKE 'copy-%'"
    changed = "SELECT count(*) FROM practices WHERE names LIKE '%Renamed%'"
    command = [str(PROGRAM), "import", "practices", "big.json"]
    with subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 120
        while _count(database, "SELECT coalesce(max(progress), 0) FROM catalog_generation") < (
            len(base) + IMPORTED // 3
        ):
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    assert _count(database, changed) == len(base)  # its first batches are in the table ...
    assert 0 < _count(database, imported) < IMPORTED
    claim = "SELECT count(*) FROM catalog_generation WHERE publishing IS NOT NULL"
    assert _count(database, claim) == 1  # ... under a claim, which the search never shows
    again = run(["import", "practices", "big.json"], env=env, cwd=tmp_path)  # waits, undoes
    assert again.returncode == 0, again.stderr
    assert f"practices: {IMPORTED} created, {len(base)} updated" in again.stdout
    assert _count(database, imported) == IMPORTED
    assert _count(database, changed) == len(base)
    assert _count(database, claim) == 0
    assert _count(database, "SELECT count(*) FROM staged_practices") == 0
