"""`4p1000 status`: the delivery path at a glance, read through the bare driver to start fast.

It imports neither SQLAlchemy, pydantic nor the features (bench/cli_startup.py measures it).
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import typer

from bots.cli.exits import fail
from core.domain.liveness import PARTS, expected_parts
from core.environment import essentials
from core.services.outbox_status import NoDatabase, OutboxHealth, health_of

PART_HELP = (
    f"With --check: a part to check, repeatable: {', '.join(PARTS)} "
    "(default: every part the configuration enables)."
)


def register(app: typer.Typer) -> None:
    app.command("status")(status_command)


def status_command(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable."),
    check: bool = typer.Option(
        False,
        "--check",
        help="Exit 1 (one line on stderr) unless the parts named by --part are alive "
        "(a heartbeat within the last few seconds); for healthchecks.",
    ),
    part: list[str] = typer.Option(
        [],
        "--part",
        help=PART_HELP,
    ),
) -> None:
    """Show the outbox by status and lane, dead letters, the last tick, which parts are alive."""
    unknown = [name for name in part if name not in PARTS]
    if unknown:
        fail(f"unknown part {unknown[0]!r}: choose from {', '.join(PARTS)}", 2)
    try:
        found = essentials()
        health = asyncio.run(health_of(found.database_url, datetime.now(UTC)))
    except NoDatabase as missing:
        fail(f"no database at {missing} (create it with: 4p1000 db upgrade)")
    wanted = part or expected_parts(found.telegram_enabled, found.slack_enabled)
    now = datetime.now(UTC)
    if as_json:
        typer.echo(json.dumps(_as_dict(health, now), indent=2))
    else:
        _show(health, now)
    if check:
        dead = [name for name in wanted if health.parts[name].alive == 0]
        if dead:
            fail(f"not alive: {', '.join(dead)}")


def _show(health: OutboxHealth, now: datetime) -> None:
    typer.echo("outbox: " + ", ".join(f"{n} {s}" for s, n in health.by_status.items()))
    for lane in health.lanes:
        typer.echo(
            f"  lane {lane.lane}: {lane.waiting} waiting, oldest {_ago(lane.oldest_due_at, now)}"
        )
    typer.echo(f"oldest due message: {_ago(health.oldest_due_at, now)}")
    typer.echo(f"dead letters: {health.dead}")
    for dead in health.latest_dead:
        typer.echo(
            f"  #{dead.id} {dead.key} ({dead.channel}, {dead.attempts} attempts): {dead.reason}"
        )
    holder = f" by {health.scheduler_holder}" if health.scheduler_holder else ""
    typer.echo(f"last scheduler tick: {_ago(health.last_tick_at, now)}{holder}")
    for life in health.parts.values():
        state = f"{life.alive} alive" if life.alive else "not alive"
        typer.echo(f"{life.part}: {state} (last seen {_ago(life.last_seen_at, now)})")
    if health.stranded:
        typer.echo("warning: messages are due and no delivery worker is alive (serve --worker)")


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "none"
    return f"{moment.isoformat(timespec='seconds')} ({int((now - moment).total_seconds())}s ago)"


def _as_dict(health: OutboxHealth, now: datetime) -> dict[str, Any]:
    def stamp(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return {
        "outbox": health.by_status,
        "oldest_due_at": stamp(health.oldest_due_at),
        "oldest_due_age_seconds": (now - health.oldest_due_at).total_seconds()
        if health.oldest_due_at
        else None,
        "dead_letters": health.dead,
        "latest_dead": [vars(d) for d in health.latest_dead],
        "last_scheduler_tick": stamp(health.last_tick_at),
        "scheduler_holder": health.scheduler_holder,
        "lanes": {
            lane.lane: {"waiting": lane.waiting, "oldest_due_at": stamp(lane.oldest_due_at)}
            for lane in health.lanes
        },
        "parts": {
            life.part: {"alive": life.alive, "last_seen_at": stamp(life.last_seen_at)}
            for life in health.parts.values()
        },
        "no_worker_alive_while_due": health.stranded,
    }
