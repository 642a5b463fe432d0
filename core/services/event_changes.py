"""Changing events (Secretariat): edit, reschedule, publish, cancel; reminders follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.domain.actor import Actor
from core.domain.errors import N_, InvalidInput
from core.domain.events import CAN_MANAGE_EVENTS, DEFAULT_DURATION, check_schedule, local_to_utc
from core.domain.kinds import EventStatus
from core.persistence.uow import UnitOfWork
from core.services.event_notices import notify_answered
from core.services.event_views import EventView, event_view
from core.services.events import apply_changes, get_event
from core.services.outcome_notices import tell_author_published
from core.services.people import resolve_timezone
from core.services.reminders import cancel_pending_reminders


async def edit_event(
    actor: Actor, event_id: int, changes: dict[str, Any], uow: UnitOfWork
) -> EventView:
    """Change the editable fields of an event (not its dates: see reschedule_event)."""
    actor.require(CAN_MANAGE_EVENTS)
    event = await get_event(event_id, uow, actor)
    if event.status == EventStatus.CANCELLED:
        raise InvalidInput(N_("This event was cancelled; it cannot be changed."))
    await apply_changes(event, changes, uow)
    if not any(event.title.values()):
        raise InvalidInput(N_("An event needs a title."))
    await uow.session.flush()
    return event_view(event)


async def reschedule_event(
    actor: Actor,
    event_id: int,
    starts_at: datetime,
    now: datetime,
    uow: UnitOfWork,
    *,
    ends_at: datetime | None = None,
    timezone: str | None = None,
) -> EventView:
    """Move an event; pending reminders are withdrawn and those who answered are told.

    Args:
        actor: must be Secretariat or admin.
        event_id: the event.
        starts_at: the new start, wall-clock time in the (new) zone.
        now: the current instant.
        uow: the open unit of work (the caller commits).
        ends_at: the new end; by default the event keeps its duration.
        timezone: a new zone for the event, if it moves there.
    """
    actor.require(CAN_MANAGE_EVENTS)
    event = await get_event(event_id, uow, actor)
    if event.status == EventStatus.CANCELLED:
        raise InvalidInput(N_("This event was cancelled; it cannot be changed."))
    zone_name = resolve_timezone(timezone) if timezone else event.timezone
    zone = ZoneInfo(zone_name)
    starts = local_to_utc(starts_at, zone)
    duration = event.ends_at - event.starts_at
    if duration.total_seconds() <= 0:  # a draft from a field report has no dates yet
        duration = DEFAULT_DURATION
    ends = local_to_utc(ends_at, zone) if ends_at else starts + duration
    check_schedule(starts, ends, now)
    event.starts_at, event.ends_at, event.timezone = starts, ends, zone_name
    await uow.session.flush()
    await cancel_pending_reminders(uow, event.id, keep_start=starts)
    if event.status == EventStatus.SCHEDULED:
        await notify_answered(uow, event, "event-moved", now)
    return event_view(event)


async def publish_event(actor: Actor, event_id: int, now: datetime, uow: UnitOfWork) -> EventView:
    """Turn a draft into a scheduled event (its dates must still be ahead)."""
    actor.require(CAN_MANAGE_EVENTS)
    event = await get_event(event_id, uow, actor)
    if event.status != EventStatus.DRAFT:
        raise InvalidInput(N_("Only a draft can be published."))
    check_schedule(event.starts_at, event.ends_at, now)
    event.status = EventStatus.SCHEDULED
    await uow.session.flush()
    await tell_author_published(uow, event.source_report_id, "event", event.id)
    return event_view(event)


async def cancel_event(actor: Actor, event_id: int, now: datetime, uow: UnitOfWork) -> int:
    """Cancel an event: no more reminders, and everyone who said going or maybe is told.

    Returns how many people were told.
    """
    actor.require(CAN_MANAGE_EVENTS)
    event = await get_event(event_id, uow, actor)
    if event.status == EventStatus.CANCELLED:
        raise InvalidInput(N_("This event is already cancelled."))
    was_scheduled = event.status == EventStatus.SCHEDULED
    event.status = EventStatus.CANCELLED
    await uow.session.flush()
    await cancel_pending_reminders(uow, event.id)
    return await notify_answered(uow, event, "event-cancelled", now) if was_scheduled else 0
