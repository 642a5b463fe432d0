"""`4p1000 announce`, `4p1000 status` and `4p1000 import people`: the outbox for operators."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from bots.cli.common import fail, region_code, with_hub
from core.bootstrap import Hub
from core.i18n import gettext
from core.persistence.models import utcnow
from core.services.announcements import ANY_LANGUAGE, announce
from core.services.imports import grouped
from core.services.liveness import PARTS
from core.services.outbox_status import OutboxHealth, outbox_health
from core.services.people_import import COLUMNS, ImportRejected, import_people

HEADER = ",".join(COLUMNS)
PART_HELP = (
    f"With --check: a part to check, repeatable: {', '.join(PARTS)} "
    "(default: every part the configuration enables)."
)


def register(app: typer.Typer, import_app: typer.Typer) -> None:
    app.command("announce")(announce_command)
    app.command("status")(status_command)
    import_app.command("people")(import_people_command)


def announce_command(
    to: str = typer.Option(..., "--to", help="A role (correspondent, bureau...) or 'all'."),
    text: str = typer.Option(None, "--text", help="One text for everyone, sent as written."),
    text_fr: str = typer.Option(None, "--text-fr", help="The text for French readers."),
    text_en: str = typer.Option(None, "--text-en", help="The text for English readers."),
    text_es: str = typer.Option(None, "--text-es", help="The text for Spanish readers."),
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Only people of this region."
    ),
) -> None:
    """Queue a Secretariat announcement for everyone with a role (or all); print the count.

    With --text-fr/--text-en/--text-es (any of them), each reader gets their language, or
    another one marked as such.
    """
    texts = {ANY_LANGUAGE: text, "fr": text_fr, "en": text_en, "es": text_es}
    written = {lang: value for lang, value in texts.items() if value is not None}
    if not written:
        fail("give --text, or any of --text-fr, --text-en, --text-es", code=2)
    if ANY_LANGUAGE in written and len(written) > 1:
        fail("give either --text or the texts per language, not both", code=2)

    async def work(hub: Hub) -> Any:
        async with hub.uow() as uow:
            result = await announce(to.lower(), written, uow, region=region)
            await uow.commit()
            return result

    result = with_hub(work)
    typer.echo(f"{result.queued} queued")
    if result.already:
        typer.echo(f"{result.already} already had this announcement queued (not sent again)")


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
    wanted: list[str] = []

    async def work(hub: Hub) -> OutboxHealth:
        from bots.parts import configured_parts

        wanted.extend(part or configured_parts(hub))
        async with hub.uow() as uow:
            return await outbox_health(uow, utcnow())

    health = with_hub(work)
    now = utcnow()
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


def import_people_command(
    file: Path = typer.Argument(..., help=f"CSV with the header {HEADER}"),
) -> None:
    """Onboard people from a CSV (all or nothing; re-importing updates, never duplicates)."""
    try:
        content = file.read_text(encoding="utf-8-sig")
    except OSError as problem:
        fail(f"cannot read {file}: {problem.strerror}")
    reader = csv.DictReader(io.StringIO(content))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        fail(
            f"{file}: the header needs the columns {','.join(COLUMNS)} "
            f"(missing: {', '.join(missing)})",
            2,
        )
    reader.fieldnames = header
    rows = [(reader.line_num, row) for row in reader]

    async def work(hub: Hub) -> Any:
        async with hub.uow() as uow:
            result = await import_people(rows, uow)
            await uow.commit()
            return result

    try:
        result = with_hub(work)
    except ImportRejected as rejected:
        problems = [(e.line, gettext("en", e.message, **e.params)) for e in rejected.errors]
        for grouped_problem in grouped(problems):
            typer.echo(f"{file}: {grouped_problem}", err=True)
        fail(gettext("en", rejected.message, **rejected.params))
    typer.echo(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged")
