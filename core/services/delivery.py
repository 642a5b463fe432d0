"""The outbox seen from the workers: claim due rows under a lease, then record what happened.

A claim is one `UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING` statement: on
PostgreSQL the inner select takes `FOR UPDATE SKIP LOCKED`, so concurrent workers take
disjoint rows without waiting; on SQLite the statement runs under the database's single
writer lock, so two workers can never take the same row either. A claimed row is `sending`
until its lease ends; a worker that dies leaves it there and the row becomes claimable again
once the lease is over (it is then flagged, because the recipient may get it twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, or_, select, update

from core.domain.delivery import OutboxStatus
from core.persistence.models import Identity, OutboxMessage, Person
from core.persistence.uow import UnitOfWork

LEASE_EXPIRED = "lease expired while sending: the recipient may get this twice"


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    channel: str
    recipient: str
    person_id: int | None
    payload: dict[str, Any]
    attempts: int
    reclaimed: bool  # a previous worker held it and vanished: it may have been sent
    language: str | None = None
    timezone: str | None = None


async def claim(
    uow: UnitOfWork,
    *,
    channels: Iterable[str],
    now: datetime,
    lease: timedelta,
    limit: int,
    recipient: str | None = None,
) -> list[Claimed]:
    """Take up to `limit` due rows of `channels` (optionally of one recipient); commit."""
    o = OutboxMessage
    due = or_(
        and_(o.status == OutboxStatus.PENDING, o.next_attempt_at <= now),
        and_(o.status == OutboxStatus.SENDING, o.lease_until < now),
    )
    wanted = select(o.id).where(o.channel.in_(list(channels)), due)
    if recipient is not None:
        wanted = wanted.where(o.recipient == recipient)
    wanted = wanted.order_by(o.next_attempt_at, o.id).limit(limit)
    if uow.dialect == "postgresql":
        wanted = wanted.with_for_update(skip_locked=True)
    statement = (
        update(o)
        .where(o.id.in_(wanted.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            lease_until=now + lease,
            attempts=o.attempts + 1,
            last_error=case((o.status == OutboxStatus.SENDING, LEASE_EXPIRED), else_=o.last_error),
        )
        .returning(
            o.id,
            o.idempotency_key,
            o.channel,
            o.recipient,
            o.person_id,
            o.payload,
            o.attempts,
            o.last_error,
        )
        .execution_options(synchronize_session=False)
    )
    rows = (await uow.session.execute(statement)).all()
    people = {r.person_id for r in rows if r.person_id is not None}
    languages: dict[int, tuple[str | None, str | None]] = {}
    if people:
        found = await uow.session.execute(
            select(Person.id, Person.language, Person.timezone).where(Person.id.in_(people))
        )
        languages = {pid: (lang, zone) for pid, lang, zone in found}
    await uow.commit()
    claimed = [
        Claimed(
            r.id,
            r.idempotency_key,
            r.channel,
            r.recipient,
            r.person_id,
            dict(r.payload),
            r.attempts,
            r.last_error == LEASE_EXPIRED,
            *languages.get(r.person_id or 0, (None, None)),
        )
        for r in rows
    ]
    return sorted(claimed, key=lambda c: c.id)


async def mark_sent(uow: UnitOfWork, ids: list[int], now: datetime) -> None:
    """Record deliveries (the caller commits)."""
    if ids:
        await uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.SENDING)
            .values(status=OutboxStatus.SENT, sent_at=now, lease_until=None)
            .execution_options(synchronize_session=False)
        )


async def reschedule(
    uow: UnitOfWork,
    message_id: int,
    at: datetime,
    note: str | None,
    *,
    count_attempt: bool = True,
    payload: dict[str, Any] | None = None,
    recipient: str | None = None,
) -> None:
    """Put a row back to `pending` until `at` (the caller commits).

    Args:
        uow: the open unit of work.
        message_id: the row.
        at: its next attempt.
        note: why (kept as last_error).
        count_attempt: False when the attempt was not the message's fault (pacing, 429).
        payload: a replacement payload (to remember parts already sent).
        recipient: a new recipient (a migrated Telegram chat).
    """
    values: dict[str, Any] = {
        "status": OutboxStatus.PENDING,
        "next_attempt_at": at,
        "lease_until": None,
        "last_error": note,
    }
    if not count_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    if payload is not None:
        values["payload"] = payload
    if recipient is not None:
        values["recipient"] = recipient
    await uow.session.execute(
        update(OutboxMessage)
        # A row cancelled while it was being sent (STOP, /forget) stays cancelled.
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.SENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def dead_letter(
    uow: UnitOfWork, message_id: int, reason: str, *, cancel: bool = False
) -> None:
    """Give up on a row, keeping the reason (the caller commits)."""
    await uow.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(
            status=OutboxStatus.CANCELLED if cancel else OutboxStatus.DEAD,
            lease_until=None,
            last_error=reason[:2000],
        )
        .execution_options(synchronize_session=False)
    )


def _identity_on(channel: str, recipient: str) -> Any:
    return and_(
        Identity.channel == channel,
        or_(
            Identity.chat_id == recipient,
            and_(Identity.chat_id.is_(None), Identity.external_id == recipient),
        ),
    )


async def mark_unreachable(
    uow: UnitOfWork, channel: str, recipient: str, reason: str, now: datetime
) -> int:
    """The recipient blocked us or left: skip them from now on; return rows cancelled."""
    await uow.session.execute(
        update(Identity)
        .where(_identity_on(channel, recipient), Identity.unreachable_since.is_(None))
        .values(unreachable_since=now)
        .execution_options(synchronize_session=False)
    )
    result = await uow.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.recipient == recipient,
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
        )
        .values(
            status=OutboxStatus.CANCELLED,
            lease_until=None,
            last_error=f"recipient unreachable: {reason}"[:2000],
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def move_chat(uow: UnitOfWork, channel: str, old: str, new: str) -> None:
    """A chat changed id (a Telegram group became a supergroup): follow it (the caller commits)."""
    await uow.session.execute(
        update(Identity)
        .where(_identity_on(channel, old))
        .values(chat_id=new)
        .execution_options(synchronize_session=False)
    )
    await uow.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.recipient == old,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(recipient=new)
        .execution_options(synchronize_session=False)
    )
