"""Shared setup for the event tests: people with zones, events at local times, ticks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.actor import Actor
from core.domain.kinds import RsvpAnswer
from core.domain.people import Channel, Role
from core.persistence.models import OutboxMessage, Person, Region
from core.services import people
from core.services.events import EventInput, create_event
from core.services.follows import Topic, follow
from core.services.reminders import enqueue_due_reminders
from core.services.rsvp import answer_event

SECRETARIAT = Actor(1, "sec", "Secretariat", "en", "UTC", Channel.CONSOLE, frozenset({Role.ADMIN}))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def person(
    hub: Hub, name: str, zone: str, language: str = "en", role: Role | None = None
) -> int:
    async with hub.uow() as uow:
        found = await people.identify(Channel.CONSOLE, name, uow, display_name=name)
        found.timezone, found.language = zone, language
        if role is not None:
            await people.grant_role(found, role, uow)
        await uow.commit()
        return found.id


async def region(hub: Hub, code: str) -> None:
    async with hub.uow() as uow:
        if await uow.session.get(Region, code) is None:
            uow.session.add(Region(code=code, names={"en": code.title(), "fr": code.title()}))
            await uow.commit()


async def event(
    hub: Hub,
    starts_local: datetime,
    zone: str,
    *,
    now: datetime,
    kind: str = "webinar",
    offsets: list[int] | None = None,
    region_code: str | None = None,
    title: str = "Soil carbon webinar",
    **extra: Any,
) -> int:
    data = EventInput(
        kind=kind,
        title={"en": title, "fr": f"{title} (fr)"},
        starts_at=starts_local,
        timezone=zone,
        reminder_offsets=offsets,
        region_code=region_code,
        **extra,
    )
    async with hub.uow() as uow:
        created = await create_event(SECRETARIAT, data, now, uow)
        await uow.commit()
        return created.id


async def rsvp(hub: Hub, person_id: int, event_id: int, answer: str, now: datetime) -> None:
    async with hub.uow() as uow:
        await answer_event(person_id, event_id, RsvpAnswer(answer), now, uow)
        await uow.commit()


async def follows(
    hub: Hub, person_id: int, kind: str | None = None, reg: str | None = None
) -> None:
    async with hub.uow() as uow:
        await follow(person_id, Topic(kind, reg), uow)
        await uow.commit()


async def tick(hub: Hub, now: datetime) -> int:
    async with hub.uow() as uow:
        return await enqueue_due_reminders(now, uow)


async def outbox(hub: Hub, kind: str = "reminder") -> list[dict[str, Any]]:
    """Rows of one kind, oldest first: key, person name, due instant, status, params."""
    async with hub.uow() as uow:
        rows = await uow.session.execute(
            select(OutboxMessage, Person.name)
            .join(Person, Person.id == OutboxMessage.person_id)
            .where(OutboxMessage.kind == kind)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        )
        return [
            {
                "key": row.idempotency_key,
                "to": name,
                "due": row.next_attempt_at,
                "status": row.status,
                "template": row.payload["template"],
                "params": row.payload["params"],
            }
            for row, name in rows.all()
        ]
