"""Events: the rules of their fields, creating them (Secretariat, drafts) and finding them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from core.domain.actor import Actor
from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.events import (
    CAN_MANAGE_EVENTS,
    DEFAULT_DURATION,
    check_offsets,
    check_schedule,
    hidden_event_kinds,
    local_to_utc,
    may_see_event,
)
from core.domain.kinds import EventKind, EventStatus
from core.domain.people import Role
from core.i18n import LANGUAGES
from core.persistence.models import Event, utcnow
from core.persistence.uow import UnitOfWork
from core.services.event_views import EventView, event_view
from core.services.people import resolve_timezone
from core.services.regions import region_exists


@dataclass
class EventInput:
    """What a new event needs; times are wall-clock times in `timezone` (or aware instants)."""

    kind: str
    title: dict[str, str]
    starts_at: datetime
    timezone: str
    ends_at: datetime | None = None
    description: dict[str, str] = field(default_factory=dict)
    place: str | None = None
    online_url: str | None = None
    agenda_url: str | None = None
    is_online: bool | None = None  # None: online when there is an online link
    region_code: str | None = None
    reminder_offsets: list[int] | None = None
    key: str | None = None


@dataclass(frozen=True)
class EventFilter:
    kind: str | None = None
    region_code: str | None = None
    online: bool | None = None  # True: online (or hybrid); False: with a place to go to


EDITABLE = frozenset(
    {"kind", "title", "description", "place", "online_url", "agenda_url", "is_online"}
    | {"region_code", "reminder_offsets"}
)


async def create_event(
    actor: Actor, data: EventInput, now: datetime, uow: UnitOfWork, *, draft: bool = False
) -> EventView:
    """Create a scheduled (or draft) event after checking every field.

    Args:
        actor: must be Secretariat or admin.
        data: the event; a start in the past, an end before the start or an unknown zone fail.
        now: the current instant (the hub clock).
        uow: the open unit of work (the caller commits).
        draft: keep it as a draft (not listed, no reminders) until published.
    """
    actor.require(CAN_MANAGE_EVENTS)
    status = EventStatus.DRAFT if draft else None
    return event_view(await insert_event(data, now, uow, status=status))


async def insert_event(
    data: EventInput,
    now: datetime,
    uow: UnitOfWork,
    *,
    status: EventStatus | None,
    allow_past: bool = False,
) -> Event:
    """Check and add an event (no role check: callers do it)."""
    zone_name = resolve_timezone(data.timezone)
    zone = ZoneInfo(zone_name)
    starts = local_to_utc(data.starts_at, zone)
    ends = local_to_utc(data.ends_at, zone) if data.ends_at else None
    ends = ends or starts + DEFAULT_DURATION
    check_schedule(starts, ends, now, allow_past=allow_past or status is EventStatus.DRAFT)
    if data.key and await uow.session.scalar(select(Event.id).where(Event.key == data.key)):
        raise InvalidInput(N_("An event with the key {key} exists already."), key=data.key)
    event = Event(
        key=data.key or f"event-{starts.strftime('%Y%m%d')}-{secrets.token_hex(4)}",
        starts_at=starts,
        ends_at=ends,
        timezone=zone_name,
        status=status or EventStatus.SCHEDULED,
        title={},
        description={},
    )
    await apply_changes(event, fields_of(data), uow)
    if not any(event.title.values()):
        raise InvalidInput(N_("An event needs a title."))
    uow.session.add(event)
    await uow.session.flush()
    return event


def fields_of(data: EventInput) -> dict[str, Any]:
    """The editable fields an EventInput sets."""
    return {
        "kind": data.kind,
        "title": data.title,
        "description": data.description,
        "place": data.place,
        "online_url": data.online_url,
        "agenda_url": data.agenda_url,
        "is_online": data.is_online if data.is_online is not None else bool(data.online_url),
        "region_code": data.region_code,
        "reminder_offsets": data.reminder_offsets,
    }


async def apply_changes(event: Event, changes: dict[str, Any], uow: UnitOfWork) -> None:
    """Check and set editable fields; multilingual texts are merged language by language."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(N_("These fields cannot be changed here: {fields}."), fields=unknown)
    for name, value in changes.items():
        if name == "kind":
            event.kind = _kind(str(value))
        elif name in ("title", "description"):
            setattr(event, name, _texts(getattr(event, name) or {}, value or {}))
        elif name in ("online_url", "agenda_url"):
            setattr(event, name, _url(value))
        elif name == "place":
            event.place = (str(value).strip()[:300] or None) if value else None
        elif name == "region_code":
            event.region_code = await _region(value, uow)
        elif name == "reminder_offsets":
            event.reminder_offsets = check_offsets(value)
        else:
            event.is_online = bool(value)


def _kind(value: str) -> str:
    try:
        return EventKind(value.strip().lower()).value
    except ValueError:
        raise InvalidInput(
            N_("Unknown kind of event {kind}. Choose one of: {choices}."),
            kind=value[:30],
            choices=", ".join(kind.value for kind in EventKind),
        ) from None


def _texts(current: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for language, text in new.items():
        if language not in LANGUAGES:
            raise InvalidInput(N_("Unknown language {language}."), language=str(language)[:10])
        if text is not None:
            merged[language] = str(text).strip()
    return merged


def _url(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    if not text.startswith(("https://", "http://")) or len(text) > 500 or " " in text:
        raise InvalidInput(N_("{url} is not a web address (https://...)."), url=text[:80])
    return text


async def _region(value: Any, uow: UnitOfWork) -> str | None:
    if not value:
        return None
    if not await region_exists(str(value), uow):
        raise InvalidInput(N_("Unknown region {region}."), region=str(value)[:40])
    return str(value)


async def create_event_draft(
    uow: UnitOfWork,
    *,
    title: dict[str, str],
    starts_at: datetime,
    timezone: str = "UTC",
    ends_at: datetime | None = None,
    kind: str = EventKind.REGIONAL,
    description: dict[str, str] | None = None,
    place: str | None = None,
    online_url: str | None = None,
    region_code: str | None = None,
    source_report_id: int | None = None,
) -> int:
    """Create a draft event (e.g. from an approved field report); return its id.

    The caller has checked who may do this. A second call for the same report returns the
    draft made the first time. The date may be in the past: it is checked at publication.

    Args:
        uow: the open unit of work (the caller commits).
        title: {"fr"|"en"|"es": text}, at least one.
        starts_at: an aware instant, or a naive wall-clock time in `timezone`.
        timezone: the event's IANA zone.
        ends_at: like starts_at; default two hours after the start.
        kind: an EventKind value.
        description: {"fr"|"en"|"es": text}.
        place: where it happens, if anywhere.
        online_url: the link to join online.
        region_code: the region it belongs to.
        source_report_id: the field report it comes from.
    """
    if source_report_id is not None:
        existing = await uow.session.scalar(
            select(Event.id).where(Event.source_report_id == source_report_id)
        )
        if existing is not None:
            return existing
    data = EventInput(
        kind=kind,
        title=title,
        starts_at=starts_at,
        timezone=timezone,
        ends_at=ends_at,
        description=description or {},
        place=place,
        online_url=online_url,
        region_code=region_code,
    )
    # A draft's dates are checked against the clock when it is published, not now.
    event = await insert_event(data, utcnow(), uow, status=EventStatus.DRAFT)
    event.source_report_id = source_report_id
    await uow.session.flush()
    return event.id


async def get_event(event_id: int, uow: UnitOfWork, actor: Actor | None = None) -> Event:
    """The event; drafts are visible to organisers only."""
    event = await uow.session.get(Event, event_id)
    visible = event is not None and (
        event.status != EventStatus.DRAFT or (actor is not None and actor.can(CAN_MANAGE_EVENTS))
    )
    if event is not None and actor is not None and not may_see_event(event.kind, actor.roles):
        visible = False  # an internal meeting is not even said to exist
    if event is None or not visible:
        raise NotFound(N_("There is no event number {number}."), number=event_id)
    return event


async def read_event(event_id: int, uow: UnitOfWork, actor: Actor | None = None) -> EventView:
    """The event as it stands (drafts for organisers only); NotFound otherwise."""
    return event_view(await get_event(event_id, uow, actor))


async def list_events(
    uow: UnitOfWork,
    now: datetime,
    filters: EventFilter = EventFilter(),
    *,
    include_drafts: bool = False,
    include_past: bool = False,
    limit: int = 10,
    offset: int = 0,
    viewer: frozenset[Role] | None = None,
) -> tuple[list[EventView], int]:
    """Events (upcoming by default, soonest first) and how many match in all.

    `viewer`: the roles of who is looking (internal meetings are for their members);
    None for the hub itself (the command line, exports).
    """
    query = select(Event)
    if viewer is not None and (hidden := hidden_event_kinds(viewer)):
        query = query.where(Event.kind.not_in(hidden))
    statuses = [EventStatus.SCHEDULED.value]
    if include_drafts:
        statuses.append(EventStatus.DRAFT.value)
    query = query.where(Event.status.in_(statuses))
    if not include_past:
        upcoming = Event.ends_at > now
        # A draft is shown to organisers whatever its dates: they are what must be set.
        query = query.where(
            or_(upcoming, Event.status == EventStatus.DRAFT) if include_drafts else upcoming
        )
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.region_code:
        query = query.where(Event.region_code == filters.region_code)
    if filters.online is True:
        query = query.where(Event.is_online.is_(True))
    elif filters.online is False:
        query = query.where(Event.place.is_not(None))
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    order = Event.starts_at.desc() if include_past else Event.starts_at
    rows = await uow.session.scalars(query.order_by(order, Event.id).limit(limit).offset(offset))
    return [event_view(row) for row in rows.all()], int(total or 0)
