"""What an event message carries, and telling those who answered that an event changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.domain.kinds import RsvpAnswer
from core.persistence.models import Event, Person, Rsvp
from core.persistence.uow import UnitOfWork
from core.services.event_views import AnyEvent
from core.services.outbox import enqueue

ATTENDING = (RsvpAnswer.GOING.value, RsvpAnswer.MAYBE.value)


def event_params(event: AnyEvent) -> dict[str, Any]:
    """A snapshot of the event for a template rendered later, in the reader's language."""
    return {
        "event_id": event.id,
        "title": dict(event.title),
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "timezone": event.timezone,
        "place": event.place,
        "online_url": event.online_url,
        "agenda_url": event.agenda_url,
        "is_online": event.is_online,
    }


async def attending(uow: UnitOfWork, event_id: int) -> list[int]:
    """People who answered going or maybe (and were not erased)."""
    rows = await uow.session.scalars(
        select(Rsvp.person_id)
        .join(Person, Person.id == Rsvp.person_id)
        .where(Rsvp.event_id == event_id, Rsvp.answer.in_(ATTENDING), Person.erased_at.is_(None))
        .order_by(Rsvp.person_id)
    )
    return list(rows.all())


async def notify_answered(uow: UnitOfWork, event: Event, template: str, now: datetime) -> int:
    """Queue `template` (event-moved, event-cancelled) for everyone going or maybe."""
    params = event_params(event)
    stamp = event.starts_at.isoformat() if template == "event-moved" else event.status
    queued = 0
    for person_id in await attending(uow, event.id):
        queued += await enqueue(
            uow,
            key=f"{template}:{event.id}:{person_id}:{stamp}",
            kind="notification",
            person_id=person_id,
            template=template,
            params=params,
            due_at=now,
        )
    return queued
