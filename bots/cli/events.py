"""`4p1000 events ...` (Secretariat) and `4p1000 import/export events FILE` (CSV or JSON)."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import typer

from bots.cli.common import fail, region_code, run_as
from bots.cli.transfer import export_app, import_app
from core.bootstrap import Hub, UnitOfWork
from core.domain.actor import Actor
from core.domain.events import parse_local, parse_offsets
from core.domain.languages import is_language
from core.i18n import gettext
from core.services import event_changes, event_transfer, events
from core.services.imports import ImportResult

app = typer.Typer(
    help="Events: list, create, edit, reschedule, publish, cancel.", no_args_is_help=True
)
T = TypeVar("T")

BY = typer.Option(
    None, "--by", help="Act as this person (Secretariat or admin); default: operator."
)
KIND = typer.Option(None, "--kind", help="consortium, day, bureau, stc, regional or webinar.")
LANG = typer.Option("en", "--lang", help="Language of --title and --description: fr, en or es.")
START = typer.Option(..., "--start", help="Local start, 'YYYY-MM-DD HH:MM' in --timezone.")
END = typer.Option(None, "--end", help="Local end, 'YYYY-MM-DD HH:MM' (default: --duration).")
REMINDERS = typer.Option(
    None, "--reminders", help="e.g. '7d,1d,1h' (default 7 days, 1 day, 1 hour)."
)


def _texts(lang: str, text: str | None) -> dict[str, str]:
    if not is_language(lang):
        fail(f"--lang must be fr, en or es, not {lang!r}", 2)
    return {lang: text} if text else {}


@app.command("list")
def list_(
    kind: str = KIND,
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Region code or name (fr/en/es)."
    ),
    past: bool = typer.Option(False, "--past", help="Past events too (newest first)."),
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """List events (drafts included), soonest first."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> list[dict[str, Any]]:
        found, _ = await events.list_events(
            uow,
            hub.now(),
            events.EventFilter(kind, region),
            include_drafts=True,
            include_past=past,
            limit=1000,
        )
        return [event_transfer.event_record(event) for event in found]

    records = run_as(None, work)
    if as_json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for r in records:
        title = r["title"].get("en") or next(iter(r["title"].values()), "")
        typer.echo(f"#{r['id']:<4} {r['status']:<9} {r['start']} {r['timezone']:<20} {title}")


@app.command()
def create(
    kind: str = typer.Option(
        ..., "--kind", help="consortium, day, bureau, stc, regional, webinar."
    ),
    title: str = typer.Option(..., "--title", help="Title in --lang."),
    start: str = START,
    timezone: str = typer.Option(..., "--timezone", help="The event's zone, e.g. Africa/Cairo."),
    end: str = END,
    duration: int = typer.Option(120, "--duration", help="Minutes, when --end is not given."),
    lang: str = LANG,
    description: str = typer.Option(None, "--description", help="Description in --lang."),
    place: str = typer.Option(None, "--place", help="Where, for people who come in person."),
    online_url: str = typer.Option(None, "--online-url", help="Link to join online."),
    agenda_url: str = typer.Option(None, "--agenda-url", help="Link to the agenda."),
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Region code or name (fr/en/es)."
    ),
    reminders: str = REMINDERS,
    draft: bool = typer.Option(False, "--draft", help="Keep it as a draft (no reminders)."),
    key: str = typer.Option(None, "--key", help="A stable key (for imports)."),
    by: str = BY,
) -> None:
    """Create an event; prints its number."""
    starts = parse_local(start)
    data = events.EventInput(
        kind=kind,
        title=_texts(lang, title),
        starts_at=starts,
        ends_at=parse_local(end) if end else starts + timedelta(minutes=duration),
        timezone=timezone,
        description=_texts(lang, description),
        place=place,
        online_url=online_url,
        agenda_url=agenda_url,
        region_code=region,
        reminder_offsets=parse_offsets(reminders) if reminders is not None else None,
        key=key,
    )

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> int:
        event = await events.create_event(actor, data, hub.now(), uow, draft=draft)
        return event.id

    number = run_as(by, work)
    typer.echo(f"created event #{number}" + (" (draft)" if draft else ""))


@app.command()
def edit(
    event_id: int = typer.Argument(..., help="The event's number."),
    lang: str = LANG,
    title: str = typer.Option(None, "--title", help="Title in --lang."),
    description: str = typer.Option(None, "--description", help="Description in --lang."),
    kind: str = KIND,
    place: str = typer.Option(None, "--place", help="Where ('' to clear)."),
    online_url: str = typer.Option(None, "--online-url", help="Link to join ('' to clear)."),
    agenda_url: str = typer.Option(None, "--agenda-url", help="Agenda link ('' to clear)."),
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Region code ('' to clear)."
    ),
    reminders: str = REMINDERS,
    by: str = BY,
) -> None:
    """Change an event's texts, place, links, region or reminders (dates: reschedule)."""
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = _texts(lang, title)
    if description is not None:
        changes["description"] = _texts(lang, description)
    given = {"kind": kind, "place": place, "online_url": online_url, "agenda_url": agenda_url}
    changes.update({name: value for name, value in given.items() if value is not None})
    if online_url is not None:
        changes["is_online"] = bool(online_url)
    if region is not None:
        changes["region_code"] = region
    if reminders is not None:
        changes["reminder_offsets"] = parse_offsets(reminders)
    if not changes:
        fail("nothing to change: give at least one option (see --help)", 2)

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> None:
        await event_changes.edit_event(actor, event_id, changes, uow)

    run_as(by, work)
    typer.echo(f"updated event #{event_id}")


@app.command()
def reschedule(
    event_id: int = typer.Argument(..., help="The event's number."),
    start: str = START,
    end: str = END,
    timezone: str = typer.Option(None, "--timezone", help="A new zone for the event."),
    by: str = BY,
) -> None:
    """Move an event; pending reminders move, people who answered are told."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> None:
        await event_changes.reschedule_event(
            actor,
            event_id,
            parse_local(start),
            hub.now(),
            uow,
            ends_at=parse_local(end) if end else None,
            timezone=timezone,
        )

    run_as(by, work)
    typer.echo(f"rescheduled event #{event_id}")


@app.command()
def publish(event_id: int = typer.Argument(..., help="A draft's number."), by: str = BY) -> None:
    """Publish a draft: it is listed and its reminders start."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> None:
        await event_changes.publish_event(actor, event_id, hub.now(), uow)

    run_as(by, work)
    typer.echo(f"published event #{event_id}")


@app.command()
def cancel(event_id: int = typer.Argument(..., help="The event's number."), by: str = BY) -> None:
    """Cancel an event: no more reminders; people going or maybe are told."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> int:
        return await event_changes.cancel_event(actor, event_id, hub.now(), uow)

    told = run_as(by, work)
    typer.echo(f"cancelled event #{event_id}; {told} people will be told")


@import_app.command("events")
def import_events(
    file: Path = typer.Argument(..., help="A .csv (header row) or .json (a list) file."),
    by: str = BY,
) -> None:
    """Import events; a row whose key exists updates that event."""
    if not file.is_file():
        fail(f"no such file: {file}", 2)
    if file.suffix.lower() == ".json":
        records = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(records, list):
            fail("the JSON file must hold a list of events", 2)
    else:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            records = [event_transfer.unflatten(row) for row in csv.DictReader(handle)]

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> ImportResult:
        return await event_transfer.import_events(actor, records, hub.now(), uow)

    try:
        result = run_as(by, work)
    except event_transfer.RecordRejected as refused:  # nothing is imported: it rolled back
        error = refused.error
        fail(f"event {refused.number}: {gettext('en', error.message, **error.params)}")
    typer.echo(f"imported events: {result.created} created, {result.updated} updated")


@export_app.command("events")
def export_events(
    file: Path = typer.Argument(..., help="Where to write: .csv or .json."),
    past: bool = typer.Option(True, "--past/--upcoming", help="Include past events."),
) -> None:
    """Export events (drafts and cancelled ones included)."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> list[dict[str, Any]]:
        return await event_transfer.export_events(uow, None if past else hub.now())

    records = run_as(None, work)
    if file.suffix.lower() == ".json":
        file.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        with file.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=event_transfer.CSV_FIELDS)
            writer.writeheader()
            writer.writerows(event_transfer.flatten(record) for record in records)
    typer.echo(f"exported {len(records)} events to {file}")
