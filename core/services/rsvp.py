"""Answers to events (going / maybe / not going) and what organisers see of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from core.domain import vocabulary
from core.domain.actor import Actor
from core.domain.errors import N_, InvalidInput
from core.domain.events import CAN_MANAGE_EVENTS
from core.domain.kinds import EventStatus, RsvpAnswer
from core.persistence.models import Person, Rsvp
from core.persistence.uow import UnitOfWork
from core.services.events import get_event
from core.services.reminders import cancel_pending_reminders


def parse_answer(text: str) -> RsvpAnswer:
    """'je viens', 'quizás', 'not going' -> the answer, in any of the three languages."""
    value = vocabulary.parse(vocabulary.RSVP, text)
    if value is None:
        raise InvalidInput(
            N_("Answer {choices}, not {answer}."),
            choices=vocabulary.Choices(vocabulary.RSVP),
            answer=text.strip()[:20],
        )
    return RsvpAnswer(value)


async def answer_event(
    person_id: int, event_id: int, answer: RsvpAnswer, now: datetime, uow: UnitOfWork
) -> RsvpAnswer | None:
    """Record a person's answer; return the previous one.

    Args:
        person_id: who answers.
        event_id: a scheduled event that has not ended.
        answer: going, maybe or not going (not going also withdraws pending reminders).
        now: the current instant.
        uow: the open unit of work (the caller commits).
    """
    event = await get_event(event_id, uow)
    if event.status == EventStatus.CANCELLED:
        raise InvalidInput(N_("This event was cancelled."))
    if event.ends_at <= now:
        raise InvalidInput(N_("This event is over."))
    rsvp = await uow.session.get(Rsvp, (event_id, person_id))
    previous = RsvpAnswer(rsvp.answer) if rsvp is not None else None
    if rsvp is None:
        uow.session.add(Rsvp(event_id=event_id, person_id=person_id, answer=answer, updated_at=now))
    elif previous is not answer:
        rsvp.answer, rsvp.updated_at = answer, now
    await uow.session.flush()
    if answer is RsvpAnswer.NOT_GOING:
        await cancel_pending_reminders(uow, event_id, person_id=person_id)
    return previous


async def my_answer(person_id: int, event_id: int, uow: UnitOfWork) -> RsvpAnswer | None:
    rsvp = await uow.session.get(Rsvp, (event_id, person_id))
    return RsvpAnswer(rsvp.answer) if rsvp is not None else None


async def answer_counts(event_ids: list[int], uow: UnitOfWork) -> dict[int, dict[RsvpAnswer, int]]:
    """{event: {answer: count}} for the given events."""
    counts: dict[int, dict[RsvpAnswer, int]] = {event_id: {} for event_id in event_ids}
    if not event_ids:
        return counts
    rows = await uow.session.execute(
        select(Rsvp.event_id, Rsvp.answer, func.count())
        .where(Rsvp.event_id.in_(event_ids))
        .group_by(Rsvp.event_id, Rsvp.answer)
    )
    for event_id, answer, count in rows.all():
        counts[event_id][RsvpAnswer(answer)] = int(count)
    return counts


@dataclass
class Attendance:
    counts: dict[RsvpAnswer, int]
    names: dict[RsvpAnswer, list[str]] = field(default_factory=dict)


async def attendance(actor: Actor, event_id: int, uow: UnitOfWork) -> Attendance:
    """Counts and names of who answered what (organisers only)."""
    actor.require(CAN_MANAGE_EVENTS)
    await get_event(event_id, uow, actor)
    rows = await uow.session.execute(
        select(Rsvp.answer, Person.display_name, Person.name)
        .join(Person, Person.id == Rsvp.person_id)
        .where(Rsvp.event_id == event_id, Person.erased_at.is_(None))
        .order_by(Person.display_name, Person.name)
    )
    result = Attendance(counts={})
    for answer, display_name, name in rows.all():
        key = RsvpAnswer(answer)
        result.names.setdefault(key, []).append(display_name or name)
        result.counts[key] = result.counts.get(key, 0) + 1
    return result
