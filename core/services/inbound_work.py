"""Acknowledged inbound work, stored before the ack so that a crash cannot drop it.

A channel that must answer before the work is done (Slack's 3 seconds) stores the mapped input
here in one short transaction, then acknowledges. The work is marked done in the transaction
of its handling (`finish`), so it is handled once. The storing process holds a lease on its
records and renews it while it lives; records whose lease ran out (their process died) are
claimed by any live process and handled then. A second request with the same key (a retry)
stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from core.persistence.models import InboundWork, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert

# A holder renews its leases every RENEW_SECONDS; a record whose lease ran out is taken up.
LEASE = timedelta(seconds=10)
RENEW_SECONDS = 3.0
MAX_ATTEMPTS = 5  # a record taken up this many times is left alone (and logged by the caller)
KEEP_DONE = timedelta(days=1)  # retries come within minutes; done records are dropped after this

Uows = Callable[[], UnitOfWork]


@dataclass(frozen=True)
class StoredWork:
    """One stored request: what the channel mapped it to, as it gave it."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    received_at: datetime

    def age(self) -> timedelta:
        return utcnow() - self.received_at


async def store(
    uows: Uows, channel: str, key: str, kind: str, payload: dict[str, Any], *, holder: str
) -> StoredWork | None:
    """Store a request, held by `holder`, committed; None if `key` was stored before."""
    now = utcnow()
    async with uows() as uow:
        statement = (
            dialect_insert(uow, InboundWork)
            .values(
                channel=channel,
                request_key=key[:200],
                kind=kind,
                payload=payload,
                received_at=now,
                claimed_by=holder,
                lease_until=now + LEASE,
                attempts=1,
            )
            .on_conflict_do_nothing(index_elements=["channel", "request_key"])
            .returning(InboundWork.id)
        )
        stored = (await uow.session.execute(statement)).scalar_one_or_none()
        await uow.commit()
    return None if stored is None else StoredWork(stored, kind, payload, 1, now)


async def finish(uow: UnitOfWork, work_id: int) -> bool:
    """Mark the work done in the caller's transaction; False if it was done already."""
    result = await uow.session.execute(
        update(InboundWork)
        .where(InboundWork.id == work_id, InboundWork.done_at.is_(None))
        .values(done_at=utcnow(), lease_until=None)
    )
    return bool(getattr(result, "rowcount", 0))


async def renew(uows: Uows, holder: str) -> int:
    """Extend `holder`'s leases on the records it has not done yet, committed."""
    async with uows() as uow:
        result = await uow.session.execute(
            update(InboundWork)
            .where(InboundWork.claimed_by == holder, InboundWork.done_at.is_(None))
            .values(lease_until=utcnow() + LEASE)
        )
        await uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)


async def claim_abandoned(
    uows: Uows, channel: str, holder: str, limit: int = 50
) -> list[StoredWork]:
    """Take over records not done whose lease ran out (their process died), committed."""
    now = utcnow()
    abandoned = and_(
        InboundWork.channel == channel,
        InboundWork.done_at.is_(None),
        or_(InboundWork.lease_until.is_(None), InboundWork.lease_until < now),
        InboundWork.attempts < MAX_ATTEMPTS,
    )
    claimed: list[StoredWork] = []
    async with uows() as uow:
        found = (
            await uow.session.execute(
                select(InboundWork.id).where(abandoned).order_by(InboundWork.id).limit(limit)
            )
        ).scalars()
        for work_id in list(found):
            taken = await uow.session.execute(
                update(InboundWork)
                .where(InboundWork.id == work_id, abandoned)
                .values(
                    claimed_by=holder,
                    lease_until=now + LEASE,
                    attempts=InboundWork.attempts + 1,
                )
                .returning(
                    InboundWork.kind,
                    InboundWork.payload,
                    InboundWork.attempts,
                    InboundWork.received_at,
                )
            )
            row = taken.one_or_none()
            if row is not None:
                claimed.append(
                    StoredWork(work_id, row.kind, dict(row.payload), row.attempts, row.received_at)
                )
        await uow.commit()
    return claimed


async def forget_done(uows: Uows, older_than: timedelta = KEEP_DONE) -> int:
    """Drop records done more than `older_than` ago, committed."""
    moment = utcnow() - older_than
    async with uows() as uow:
        result = await uow.session.execute(delete(InboundWork).where(InboundWork.done_at < moment))
        await uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)


async def pending(uows: Uows, channel: str) -> int:
    """How many records of `channel` are stored and not done."""
    async with uows() as uow:
        count = await uow.session.scalar(
            select(func.count())
            .select_from(InboundWork)
            .where(InboundWork.channel == channel, InboundWork.done_at.is_(None))
        )
    return int(count or 0)
