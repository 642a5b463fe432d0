"""`4p1000 status` reads the delivery path's health through the bare driver, on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from core.bootstrap import Hub
from core.domain.delivery import Lane, OutboxStatus
from core.persistence.models import OutboxMessage, PartHeartbeat, SchedulerState
from tests.e2e.cli import PROGRAM, run


def _env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "SLACK"))}
    return {**env, "DATABASE_URL": url}


async def test_status_shows_each_state_lane_dead_letter_tick_and_live_part(
    hub: Hub, database_url: str, tmp_path: Path
) -> None:
    now = hub.now()
    rows = [
        ("due-reply", OutboxStatus.PENDING, Lane.REPLY, now - timedelta(minutes=3), None),
        ("due-bulk", OutboxStatus.PENDING, Lane.BULK, now - timedelta(minutes=1), None),
        ("later", OutboxStatus.PENDING, Lane.NOTICE, now + timedelta(hours=1), None),
        ("gone", OutboxStatus.SENT, Lane.REPLY, now - timedelta(hours=1), None),
        ("dead-1", OutboxStatus.DEAD, Lane.NOTICE, now - timedelta(hours=2), "403 Forbidden"),
    ]
    # Shown by the terminal chat when its person next opens it: waiting, but for no worker.
    terminal = ("chat", OutboxStatus.PENDING, Lane.NOTICE, now - timedelta(days=1), None)
    async with hub.uow() as uow:
        for key, status, lane, due, error in [*rows, terminal]:
            uow.session.add(
                OutboxMessage(
                    idempotency_key=key,
                    kind="reply",
                    channel="console" if key == "chat" else "telegram",
                    recipient="1",
                    status=status.value,
                    lane=int(lane),
                    next_attempt_at=due,
                    last_error=error,
                    attempts=6 if error else 0,
                )
            )
        uow.session.add(SchedulerState(name="scheduler", holder="host-1", last_tick_at=now))
        fresh = now + timedelta(minutes=1)  # alive for the whole test, however slow the machine
        uow.session.add(PartHeartbeat(name="w1", part="worker", started_at=now, seen_at=fresh))
        old = now - timedelta(minutes=5)
        uow.session.add(PartHeartbeat(name="t1", part="telegram", started_at=old, seen_at=old))
        await uow.commit()

    env = _env(database_url)
    shown = run(["status", "--json"], env=env, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    figures = json.loads(shown.stdout)
    assert figures["outbox"] == {"pending": 4, "sending": 0, "sent": 1, "dead": 1, "cancelled": 0}
    assert figures["for_the_terminal_chat"] == 1
    assert figures["lanes"]["reply"]["waiting"] == 1
    assert figures["lanes"]["bulk"]["waiting"] == 1
    assert figures["lanes"]["notice"]["waiting"] == 0  # not due yet
    assert 170 <= figures["oldest_due_age_seconds"] < 600
    assert figures["latest_dead"][0]["reason"] == "403 Forbidden"
    assert figures["scheduler_holder"] == "host-1"
    assert figures["parts"]["worker"]["alive"] == 1
    assert figures["parts"]["telegram"]["alive"] == 0
    assert figures["parts"]["telegram"]["last_seen_at"] is not None
    assert not figures["no_worker_alive_while_due"]

    alive = run(["status", "--check", "--part", "worker"], env=env, cwd=tmp_path)
    assert alive.returncode == 0, alive.stderr
    dead = run(
        ["status", "--check", "--part", "worker", "--part", "telegram"], env=env, cwd=tmp_path
    )
    assert dead.returncode == 1
    assert dead.stderr.strip() == "4p1000: not alive: telegram"


def test_status_imports_neither_sqlalchemy_nor_pydantic_nor_the_features(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    traced = subprocess.run(
        [sys.executable, "-X", "importtime", str(PROGRAM), "status", "--check", "--part", "worker"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert traced.returncode == 1  # nothing is alive
    modules = {line.rsplit("|", 1)[-1].strip() for line in traced.stderr.splitlines()}
    for heavy in ("sqlalchemy", "pydantic", "typer", "core.interactions", "core.bootstrap"):
        assert heavy not in modules, heavy


def test_status_without_a_database_says_how_to_make_one(
    env: dict[str, str], tmp_path: Path
) -> None:
    missing = run(["status"], env=env, cwd=tmp_path)
    assert missing.returncode == 1
    assert "no database at" in missing.stderr
    assert "4p1000 db upgrade" in missing.stderr
    assert not (tmp_path / "hub.sqlite3").exists()  # status creates nothing
