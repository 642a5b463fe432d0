"""`4p1000 status`: the delivery path at a glance, started fast for healthchecks.

The entry point (`bots.cli.entry`) runs it without typer: options are parsed with argparse, the
configuration is read without pydantic (`core.environment`) and the outbox through the bare
driver (`health_of`), so it imports neither SQLAlchemy, pydantic nor the features
(bench/cli_startup.py measures it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime
from typing import Any, NoReturn

from core.domain.liveness import PARTS, expected_parts
from core.environment import ConfigError, essentials
from core.services.outbox_status import NoDatabase, OutboxHealth, health_of

SUMMARY = "Show the outbox by status and lane, dead letters, the last tick, which parts are alive."


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as every other command
        _die(f"{message} (see '4p1000 status --help')", 2)


def parser() -> argparse.ArgumentParser:
    found = _Parser(prog="4p1000 status", description=SUMMARY)
    found.add_argument("--json", dest="as_json", action="store_true", help="Machine-readable.")
    found.add_argument(
        "--check",
        action="store_true",
        help="Exit 1 (one line on stderr) unless the parts named by --part are alive "
        "(a heartbeat within the last few seconds); for healthchecks.",
    )
    found.add_argument(
        "--part",
        action="append",
        default=[],
        choices=PARTS,
        help="With --check: a part to check, repeatable "
        "(default: every part the configuration enables).",
    )
    found.add_argument("--debug", action="store_true", help="Show tracebacks.")
    return found


def main(argv: list[str]) -> int:
    """Run `4p1000 status ARGV...`; the exit code."""
    args = parser().parse_args(argv)
    try:
        found = essentials()
        health = asyncio.run(health_of(found.database_url, datetime.now(UTC)))
    except NoDatabase as missing:
        _die(f"no database at {missing} (create it with: 4p1000 db upgrade)", 1, args.debug)
    except ConfigError as error:
        _die(f"configuration: {error}", 2, args.debug)
    except Exception as error:  # the database is unreachable, say: one line, exit 1
        _die(f"{type(error).__name__}: {error}", 1, args.debug)
    now = datetime.now(UTC)
    if args.as_json:
        print(json.dumps(_as_dict(health, now), indent=2))
    else:
        _show(health, now)
    if args.check:
        wanted = args.part or expected_parts(found.telegram_enabled, found.slack_enabled)
        dead = [name for name in wanted if health.parts[name].alive == 0]
        if dead:
            _die(f"not alive: {', '.join(dead)}", 1)
    return 0


def _die(message: str, code: int, debug: bool = False) -> NoReturn:
    if debug:
        raise
    print(f"4p1000: {message}", file=sys.stderr)
    sys.exit(code)


def _show(health: OutboxHealth, now: datetime) -> None:
    print("outbox: " + ", ".join(f"{n} {s}" for s, n in health.by_status.items()))
    for lane in health.lanes:
        print(f"  lane {lane.lane}: {lane.waiting} waiting, oldest {_ago(lane.oldest_due_at, now)}")
    print(f"oldest due message: {_ago(health.oldest_due_at, now)}")
    if health.for_the_terminal:
        print(f"  {health.for_the_terminal} more wait for their person to open `4p1000 chat`")
    print(f"dead letters: {health.dead}")
    for dead in health.latest_dead:
        print(f"  #{dead.id} {dead.key} ({dead.channel}, {dead.attempts} attempts): {dead.reason}")
    holder = f" by {health.scheduler_holder}" if health.scheduler_holder else ""
    print(f"last scheduler tick: {_ago(health.last_tick_at, now)}{holder}")
    for life in health.parts.values():
        state = f"{life.alive} alive" if life.alive else "not alive"
        print(f"{life.part}: {state} (last seen {_ago(life.last_seen_at, now)})")
    if health.stranded:
        print("warning: messages are due and no delivery worker is alive (serve --worker)")


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
        "for_the_terminal_chat": health.for_the_terminal,
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
