"""The outbox seen from the workers: claim due rows under a lease, then record what happened.

A claim is one `UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING` statement: on
PostgreSQL the inner select takes `FOR UPDATE SKIP LOCKED`, so concurrent workers take
disjoint rows without waiting; on SQLite the statement runs under the database's single
writer lock, so two workers can never take the same row either. A claimed row is `sending`
and names its claimer; a worker that dies leaves it there and the row becomes claimable again
as soon as the claimer's heartbeat is stale (seconds), or at the latest when the lease ends
(it is then flagged, because the recipient may get it twice).

Rows travel in lanes (core.domain.delivery.Lane): a claim takes the higher lanes first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, func, or_, select, update
from sqlalchemy.sql.dml import ReturningUpdate

from core.domain.delivery import Lane, OutboxStatus
from core.persistence.models import Identity, OutboxMessage, PartHeartbeat, Person
from core.persistence.models import utcnow as utcnow  # the senders' clock, re-exported
from core.persistence.uow import UnitOfWork
from core.services import pacing
from core.services.liveness import STALE

LEASE_EXPIRED = "its sender stopped while sending: the recipient may get this twice"


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
    lane: int = Lane.NOTICE


def _abandoned() -> Any:
    """A `sending` row whose claimer is gone: its lease is over or its heartbeat went stale
    (bind parameters `now` and `stale_before`)."""
    o, h = OutboxMessage, PartHeartbeat
    silent = exists().where(h.name == o.claimed_by, h.seen_at < bindparam("stale_before"))
    return and_(o.status == OutboxStatus.SENDING, or_(o.lease_until < bindparam("now"), silent))


@cache
def _claiming(
    dialect: str, recipient: bool, lanes: bool, keys: bool, grace: bool
) -> ReturningUpdate[Any]:
    """The claim's statement for this database and these filters, built once: its values are
    bind parameters (see `claim`)."""
    o = OutboxMessage
    pending = and_(o.status == OutboxStatus.PENDING, o.next_attempt_at <= bindparam("now"))
    if grace:
        late = o.next_attempt_at <= bindparam("grace_before")
        pending = and_(pending, or_(o.lane != Lane.REPLY, late))
    due = or_(pending, _abandoned())
    wanted = select(o.id).where(o.channel.in_(bindparam("channels", expanding=True)), due)
    if recipient:
        wanted = wanted.where(o.recipient == bindparam("only_recipient"))
    if lanes:
        wanted = wanted.where(o.lane.in_(bindparam("lanes", expanding=True)))
    if keys:
        wanted = wanted.where(o.idempotency_key.in_(bindparam("keys", expanding=True)))
    wanted = wanted.order_by(o.lane, o.next_attempt_at, o.id).limit(bindparam("limit"))
    if dialect == "postgresql":
        wanted = wanted.with_for_update(skip_locked=True)
    return (
        update(o)
        .where(o.id.in_(wanted.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            lease_until=bindparam("new_lease"),
            claimed_by=bindparam("claimer"),
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
            o.lane,
        )
        .execution_options(synchronize_session=False)
    )


async def _readers(uow: UnitOfWork, ids: set[int]) -> dict[int, tuple[str | None, str | None]]:
    """Each reader's language and zone; no statement when no row has a reader (an apology to
    someone the hub could not identify goes out even when the people table fails)."""
    if not ids:
        return {}
    found = select(Person.id, Person.language, Person.timezone).where(Person.id.in_(ids))
    return {pid: (language, zone) for pid, language, zone in await uow.session.execute(found)}


async def claim(
    uow: UnitOfWork,
    *,
    channels: Iterable[str],
    now: datetime,
    lease: timedelta,
    limit: int,
    recipient: str | None = None,
    lanes: Iterable[int] | None = None,
    keys: Iterable[str] | None = None,
    by: str | None = None,
    reply_grace: timedelta | None = None,
    commit: bool = True,
) -> list[Claimed]:
    """Take up to `limit` due rows of `channels`, higher lanes first; commit.

    Args:
        uow: an open unit of work (committed here unless `commit` is False: the caller then
            commits, with the send slots it reserves for the rows, say).
        channels: the channels the caller can send to.
        now: the current instant.
        lease: how long the claim holds at most if the claimer's heartbeat goes on.
        limit: the most rows taken.
        recipient: only this recipient's rows (the console chat).
        lanes: only these lanes (default: all).
        keys: only these rows (a receiving process sending its own answers).
        by: the claimer's heartbeat name (rows come back when it goes silent).
        reply_grace: replies become due for this caller only this long after their time,
            leaving them first to the process that received what they answer.
    """
    statement = _claiming(
        uow.dialect,
        recipient is not None,
        lanes is not None,
        keys is not None,
        reply_grace is not None,
    )
    # Exactly the parameters of this variant: an UPDATE would SET a column named like another.
    values: dict[str, Any] = {
        "now": now,
        "stale_before": now - STALE,
        "channels": list(channels),
        "limit": limit,
        "new_lease": now + lease,
        "claimer": by,
    }
    if reply_grace is not None:
        values["grace_before"] = now - reply_grace
    if recipient is not None:
        values["only_recipient"] = recipient
    if lanes is not None:
        values["lanes"] = list(lanes)
    if keys is not None:
        values["keys"] = list(keys)
    rows = (await uow.session.execute(statement, values)).all()
    readers = await _readers(uow, {r.person_id for r in rows if r.person_id is not None})
    if commit:
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
            *readers.get(r.person_id or 0, (None, None)),
            lane=r.lane,
        )
        for r in rows
    ]
    return sorted(claimed, key=lambda c: c.id)


async def claim_paced(
    uow: UnitOfWork,
    *,
    channels: Iterable[str],
    lease: timedelta,
    limit: int,
    limits: Callable[[Claimed], list[pacing.Limit]],
    lead: timedelta,
    horizon: timedelta,
    own_wait: timedelta = timedelta(0),
    recipient: str | None = None,
    lanes: Iterable[int] | None = None,
    keys: Iterable[str] | None = None,
    by: str | None = None,
    reply_grace: timedelta | None = None,
) -> tuple[list[Claimed], dict[int, pacing.Slot]]:
    """`claim` a batch and reserve the first send slot of each row, in one transaction.

    Args:
        uow: an open unit of work (committed here).
        limits: the pacing limits of a row (the channel's, then the recipient's).
        lead: no slot earlier than this after now (the commit happens before the slot).
        horizon: a slot further than this is not taken: the row goes back to wait.
        own_wait: a recipient busy for at most this long is waited for, not deferred.
        The others: as for `claim`.
    """
    batch = await claim(
        uow,
        channels=channels,
        now=utcnow(),
        lease=lease,
        limit=limit,
        recipient=recipient,
        lanes=lanes,
        keys=keys,
        by=by,
        reply_grace=reply_grace,
        commit=False,
    )
    requests = [limits(row) for row in batch]
    if not any(limit.interval > 0 for wanted in requests for limit in wanted):
        await uow.commit()
        return batch, {}
    # counted from when this process has its turn: waiting for it is no lead
    slots = await pacing.reserve_many(
        uow, requests, utcnow() + lead, horizon=horizon, own_wait=own_wait
    )  # commits the claim with the slots
    return batch, {row.id: slot for row, slot in zip(batch, slots, strict=True)}


async def mark_sent(uow: UnitOfWork, ids: list[int], now: datetime) -> None:
    """Record deliveries (the caller commits)."""
    if ids:
        await uow.session.execute(_SENT, {"sent_ids": ids, "sent_now": now})


_SENT = (
    update(OutboxMessage)
    .where(
        OutboxMessage.id.in_(bindparam("sent_ids", expanding=True)),
        OutboxMessage.status == OutboxStatus.SENDING,
    )
    .values(
        status=OutboxStatus.SENT, sent_at=bindparam("sent_now"), lease_until=None, claimed_by=None
    )
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
        "claimed_by": None,
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


async def next_due(
    uow: UnitOfWork,
    *,
    channels: Iterable[str],
    lanes: Iterable[int] | None = None,
    reply_grace: timedelta | None = None,
) -> datetime | None:
    """When the earliest pending row of `channels` (and `lanes`) becomes due for this caller."""
    o = OutboxMessage
    query = select(o.lane, func.min(o.next_attempt_at)).where(
        o.status == OutboxStatus.PENDING, o.channel.in_(list(channels))
    )
    if lanes is not None:
        query = query.where(o.lane.in_(list(lanes)))
    found: list[datetime] = []
    for lane, at in (await uow.session.execute(query.group_by(o.lane))).all():
        moment = _aware(at)
        if moment is None:
            continue
        found.append(moment + reply_grace if lane == Lane.REPLY and reply_grace else moment)
    return min(found, default=None)


def _aware(value: datetime | str | None) -> datetime | None:
    # min() over a UTC column comes back as text or naive on SQLite
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
