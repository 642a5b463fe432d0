"""Events in and out as records (JSON) and flat rows (CSV); times are the event's wall clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.domain.actor import Actor
from core.domain.errors import N_, DomainError, InvalidInput
from core.domain.events import (
    CAN_MANAGE_EVENTS,
    check_schedule,
    local_to_utc,
    parse_local,
    parse_offsets,
)
from core.domain.kinds import EventStatus
from core.i18n import LANGUAGES
from core.persistence.models import Event
from core.persistence.uow import UnitOfWork
from core.services.event_views import AnyEvent
from core.services.events import EventInput, apply_changes, fields_of, insert_event
from core.services.imports import ImportResult
from core.services.people import resolve_timezone
from core.services.regions import resolve_region
from core.services.reminders import cancel_pending_reminders

TEXTS = ("title", "description")
CSV_FIELDS = (
    "key",
    "kind",
    *(f"{name}_{lang}" for name in TEXTS for lang in LANGUAGES),
    "start",
    "end",
    "timezone",
    "place",
    "online",
    "online_url",
    "agenda_url",
    "region",
    "status",
    "reminders",
)


async def export_events(
    uow: UnitOfWork, ending_after: datetime | None = None
) -> list[dict[str, Any]]:
    """Every event's record (drafts and cancelled ones too), oldest first; or those not over."""
    query = select(Event).order_by(Event.starts_at, Event.id)
    if ending_after is not None:
        query = query.where(Event.ends_at > ending_after)
    return [event_record(event) for event in await uow.session.scalars(query)]


def event_record(event: AnyEvent) -> dict[str, Any]:
    """The JSON shape (as in core/seed/demo/events.json, plus status, reminders and id)."""
    zone = ZoneInfo(event.timezone)
    return {
        "id": event.id,
        "key": event.key,
        "kind": event.kind,
        "title": dict(event.title),
        "description": dict(event.description),
        "start": event.starts_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
        "end": event.ends_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
        "timezone": event.timezone,
        "place": event.place,
        "online": event.is_online,
        "online_url": event.online_url,
        "agenda_url": event.agenda_url,
        "region": event.region_code,
        "status": event.status,
        "reminder_offsets": list(event.reminder_offsets),
    }


def flatten(record: dict[str, Any]) -> dict[str, str]:
    """A record as one CSV row (texts split by language, reminders as `10080;1440;60`)."""
    row = {name: record.get(name) for name in CSV_FIELDS}
    for name in TEXTS:
        for lang in LANGUAGES:
            row[f"{name}_{lang}"] = (record.get(name) or {}).get(lang, "")
    row["region"] = record.get("region")
    row["online"] = "yes" if record.get("online") else "no"
    row["reminders"] = ";".join(str(m) for m in record.get("reminder_offsets") or [])
    return {name: "" if value is None else str(value) for name, value in row.items()}


def unflatten(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row back into a record."""
    record: dict[str, Any] = {k: (v or "").strip() or None for k, v in row.items() if k}
    for name in TEXTS:
        record[name] = {
            lang: record.pop(f"{name}_{lang}") for lang in LANGUAGES if record.get(f"{name}_{lang}")
        }
    record["online"] = (record.get("online") or "").lower() in ("yes", "true", "1", "oui", "sí")
    reminders = record.pop("reminders", None)
    record["reminder_offsets"] = parse_offsets(reminders) if reminders is not None else None
    return record


def _input(record: dict[str, Any]) -> EventInput:
    for required in ("kind", "start", "timezone"):
        if not record.get(required):
            raise InvalidInput(N_("Missing field {field}."), field=required)
    end = record.get("end")
    return EventInput(
        kind=str(record["kind"]),
        title=dict(record.get("title") or {}),
        starts_at=_local(record["start"]),
        ends_at=_local(end) if end else None,
        timezone=str(record["timezone"]),
        description=dict(record.get("description") or {}),
        place=record.get("place"),
        online_url=record.get("online_url"),
        agenda_url=record.get("agenda_url"),
        is_online=bool(record.get("online")) or None,
        region_code=record.get("region"),
        reminder_offsets=record.get("reminder_offsets"),
        key=record.get("key"),
    )


def _local(value: Any) -> datetime:
    return parse_local(str(value).replace("Z", ""))


async def upsert_event(
    actor: Actor, record: dict[str, Any], now: datetime, uow: UnitOfWork
) -> bool:
    """Create the event of a record, or update the one with its key; True when created.

    Past dates are accepted (archives); an end before the start or an unknown zone is not.
    """
    actor.require(CAN_MANAGE_EVENTS)
    if record.get("region"):  # by code or by name, in any of the three languages
        record = {**record, "region": await resolve_region(str(record["region"]), uow)}
    data = _input(record)
    status = EventStatus(record.get("status") or EventStatus.SCHEDULED)
    existing = None
    if data.key:
        existing = await uow.session.scalar(select(Event).where(Event.key == data.key))
    if existing is None:
        await insert_event(data, now, uow, status=status, allow_past=True)
        return True
    zone_name = resolve_timezone(data.timezone)
    zone = ZoneInfo(zone_name)
    starts = local_to_utc(data.starts_at, zone)
    ends = local_to_utc(data.ends_at, zone) if data.ends_at else existing.ends_at
    check_schedule(starts, ends, now, allow_past=True)
    event = existing
    event.starts_at, event.ends_at, event.timezone, event.status = starts, ends, zone_name, status
    changes = {
        **fields_of(data),
        "is_online": bool(record.get("online")),
        "reminder_offsets": data.reminder_offsets or list(event.reminder_offsets),
    }
    await apply_changes(event, changes, uow)
    await uow.session.flush()
    keep = None if status == EventStatus.CANCELLED else starts
    await cancel_pending_reminders(uow, event.id, keep_start=keep)
    return False


class RecordRejected(Exception):
    """Record `number` (from 1) of a file is refused; the caller rolls everything back."""

    def __init__(self, number: int, error: DomainError) -> None:
        super().__init__(number, error)
        self.number = number
        self.error = error


async def import_events(
    actor: Actor, records: list[dict[str, Any]], now: datetime, uow: UnitOfWork
) -> ImportResult:
    """Create or update the event of every record (see `upsert_event`); the caller commits.

    Raises RecordRejected at the first record refused: nothing may then be committed.
    """
    result = ImportResult()
    for number, record in enumerate(records, start=1):
        try:
            created = await upsert_event(actor, record, now, uow)
        except DomainError as error:
            raise RecordRejected(number, error) from error
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
