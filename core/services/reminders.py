"""Meeting reminders, derived from the database at each scheduler tick.

Who: people who answered going or maybe, people following the event's kind or region, and
the whole Bureau for Bureau meetings; minus those who answered "not going", were erased or
withdrew their consent to reminders. When: core.domain.events (quiet hours, catch-up).
Each reminder has the key `reminder:{event}:{person}:{offset}:{start}`: enqueueing is
idempotent, and a new start gives new keys (the old pending ones are withdrawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, or_, select, update

from core.domain.delivery import OutboxStatus
from core.domain.events import (
    CAN_MANAGE_EVENTS,
    INTERNAL_EVENTS,
    MAX_OFFSET,
    PlannedReminder,
    is_sendable,
    plan,
)
from core.domain.kinds import EventKind, EventStatus, RsvpAnswer
from core.domain.people import ConsentPurpose
from core.persistence.models import (
    ConsentRecord,
    Event,
    EventFollow,
    OutboxMessage,
    Person,
    RoleGrant,
    Rsvp,
)
from core.persistence.uow import UnitOfWork
from core.services.event_notices import ATTENDING, event_params
from core.services.outbox import Outgoing, enqueue_many, reachable_people

KIND = "reminder"
TEMPLATE = "event-reminder"


@dataclass(frozen=True)
class Recipient:
    person_id: int
    zone: ZoneInfo
    answered_at: datetime | None  # set when the RSVP is the only reason to remind them


def reminder_key(event: Event, person_id: int, offset: int) -> str:
    return f"{KIND}:{event.id}:{person_id}:{offset}:{event.starts_at.isoformat()}"


async def recipients(event: Event, uow: UnitOfWork, default_zone: str = "UTC") -> list[Recipient]:
    """Everyone to remind of `event`, each with their own zone."""
    session = uow.session
    rsvps = {
        r.person_id: r
        for r in (await session.scalars(select(Rsvp).where(Rsvp.event_id == event.id))).all()
    }
    declined = {pid for pid, r in rsvps.items() if r.answer == RsvpAnswer.NOT_GOING}
    followers = set(
        (
            await session.scalars(
                select(EventFollow.person_id).where(
                    or_(EventFollow.kind.is_(None), EventFollow.kind == event.kind),
                    or_(
                        EventFollow.region_code.is_(None),
                        EventFollow.region_code == event.region_code,
                    ),
                )
            )
        ).all()
    )
    answered = {pid for pid, r in rsvps.items() if r.answer in ATTENDING}
    member = INTERNAL_EVENTS.get(EventKind(event.kind)) if event.kind in set(EventKind) else None
    if member is not None:  # an internal meeting: its members (and organisers) only
        allowed = CAN_MANAGE_EVENTS | {member}
        insiders = set(
            (
                await session.scalars(
                    select(RoleGrant.person_id).where(RoleGrant.role.in_(list(allowed)))
                )
            ).all()
        )
        members = set(
            (
                await session.scalars(select(RoleGrant.person_id).where(RoleGrant.role == member))
            ).all()
        )
        followers = (followers & insiders) | members
        answered &= insiders
    wanted = (followers | answered) - declined - await _withdrawn(uow, followers | answered)
    if not wanted:
        return []
    people = (
        await session.execute(
            select(Person.id, Person.timezone).where(
                Person.id.in_(wanted), Person.erased_at.is_(None)
            )
        )
    ).all()
    return [
        Recipient(
            person_id,
            ZoneInfo(zone or default_zone),
            None if person_id in followers else rsvps[person_id].updated_at,
        )
        for person_id, zone in sorted(people)
    ]


async def _withdrawn(uow: UnitOfWork, person_ids: set[int]) -> set[int]:
    """People whose latest word on reminders is "no"."""
    if not person_ids:
        return set()
    rows = await uow.session.execute(
        select(ConsentRecord.person_id, ConsentRecord.granted)
        .where(
            ConsentRecord.person_id.in_(person_ids),
            ConsentRecord.purpose == ConsentPurpose.REMINDERS,
        )
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    latest = {person_id: granted for person_id, granted in rows.all()}
    return {person_id for person_id, granted in latest.items() if not granted}


async def enqueue_due_reminders(now: datetime, uow: UnitOfWork, default_zone: str = "UTC") -> int:
    """Enqueue every reminder due at `now`; withdraw pending ones no longer wanted."""
    horizon = now + timedelta(minutes=MAX_OFFSET + 24 * 60)
    events = (
        await uow.session.scalars(
            select(Event).where(
                Event.status == EventStatus.SCHEDULED,
                Event.starts_at > now - timedelta(days=1),
                Event.starts_at <= horizon,
            )
        )
    ).all()
    queued = 0
    for event in events:
        if event.starts_at <= now:  # started: whatever was not delivered is stale now
            await cancel_pending_reminders(uow, event.id)
            continue
        queued += await _event_reminders(event, now, uow, default_zone)
    await uow.commit()
    return queued


async def _event_reminders(event: Event, now: datetime, uow: UnitOfWork, default_zone: str) -> int:
    existing = dict(
        (
            await uow.session.execute(
                select(OutboxMessage.idempotency_key, OutboxMessage.person_id).where(
                    OutboxMessage.idempotency_key.like(f"{KIND}:{event.id}:%")
                )
            )
        ).all()
    )
    people = await recipients(event, uow, default_zone)
    await _withdraw_unwanted(uow, event, existing, {r.person_id for r in people})
    params = event_params(event)
    due: dict[int, list[PlannedReminder]] = {}
    for recipient in people:
        for reminder in plan(event.starts_at, list(event.reminder_offsets), recipient.zone):
            key = reminder_key(event, recipient.person_id, reminder.offset)
            if key in existing or not is_sendable(reminder, now, recipient.zone):
                continue
            if recipient.answered_at is not None and reminder.due < recipient.answered_at:
                continue  # they answered after this instant: no need to catch it up
            due.setdefault(recipient.person_id, []).append(reminder)
    if not due:
        return 0
    # Where to reach each person is read in pages, and the rows are written in batches.
    reachable = reachable_people(uow, select(Person.id).where(Person.id.in_(list(due))))
    return await enqueue_many(
        uow,
        [
            Outgoing(
                key=reminder_key(event, person_id, reminder.offset),
                kind=KIND,
                channel=channel,
                recipient=address,
                person_id=person_id,
                template=TEMPLATE,
                params={**params, "due_at": reminder.due.isoformat(), "offset": reminder.offset},
                due_at=reminder.due,
            )
            async for person_id, channel, address in reachable
            for reminder in due[person_id]
        ],
    )


async def _withdraw_unwanted(
    uow: UnitOfWork, event: Event, existing: dict[str, int | None], wanted: set[int]
) -> None:
    current = f":{event.starts_at.isoformat()}"
    stale = [
        key for key, person in existing.items() if person not in wanted or not key.endswith(current)
    ]
    if stale:
        await _cancel(uow, OutboxMessage.idempotency_key.in_(stale))


async def cancel_pending_reminders(
    uow: UnitOfWork,
    event_id: int,
    *,
    person_id: int | None = None,
    keep_start: datetime | None = None,
) -> int:
    """Withdraw reminders of an event not yet sent (for one person, or all but a start)."""
    prefix = f"{KIND}:{event_id}:" + (f"{person_id}:" if person_id is not None else "")
    conditions = [OutboxMessage.idempotency_key.like(f"{prefix}%")]
    if keep_start is not None:
        conditions.append(~OutboxMessage.idempotency_key.like(f"%:{keep_start.isoformat()}"))
    return await _cancel(uow, *conditions)


async def _cancel(uow: UnitOfWork, *conditions: ColumnElement[bool]) -> int:
    result = await uow.session.execute(
        update(OutboxMessage)
        .where(
            *conditions,
            OutboxMessage.kind == KIND,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
