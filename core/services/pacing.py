"""Send pacing shared by every worker process, kept in the database (`delivery_pacing`).

Each bucket (the whole Telegram bot, one chat, one Slack channel) holds the earliest instant
its next send may start. Reserving a send moves the bucket on by its interval, inside one
transaction: rows are locked with `FOR UPDATE` on PostgreSQL; on SQLite the transaction
starts with a write, so SQLite's single writer lock serialises reservations. Slots are
*planned* (the bucket advances from its previous slot, not from when a worker woke up), so
late wake-ups never lower the long-run rate, and any N+1 consecutive sends of a bucket are
at least N intervals apart: at most N sends fall in any window of N intervals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, update
from sqlalchemy.sql.dml import ReturningInsert

from core.persistence.models import SendPacing
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import insert_for, prepared

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_PACING = cast(Table, SendPacing.__table__)


@dataclass(frozen=True)
class Limit:
    """One send per `interval` seconds in `bucket` (0: no limit)."""

    bucket: str
    interval: float


@dataclass(frozen=True)
class Slot:
    """When to send; `deferred` means the recipient's own bucket is busy until then."""

    at: datetime
    deferred: bool = False
    asked: datetime | None = None  # the earliest instant asked for (None: not known)

    def queued(self, margin: timedelta) -> bool:
        """Whether the slot came later than asked by more than `margin` (the bucket was busy)."""
        return self.asked is None or self.at - self.asked > margin


async def _lock(uow: UnitOfWork, buckets: list[str]) -> dict[str, datetime]:
    """The buckets' next free instants, locked until commit; missing ones are created.

    One statement whatever is missing: an upsert that sets an existing row's bucket to
    itself (no value changes) locks the rows it meets (on PostgreSQL, in the sorted order of
    `buckets`, so two reservations never wait for each other crosswise) and returns them.
    Being a write, it also takes SQLite's write lock first, which a transaction that had
    only read could not take once another process has written meanwhile. The price: each
    bucket gets a new row version per reservation.
    """
    rows = [{"bucket": b, "next_free_at": EPOCH} for b in sorted(buckets)]
    found = await uow.session.execute(_locking(uow), rows)
    return {bucket: at for bucket, at in found}


@prepared
def _locking(dialect: str) -> ReturningInsert[Any]:
    statement = insert_for(dialect, _PACING)
    return statement.on_conflict_do_update(
        index_elements=["bucket"], set_={"bucket": statement.excluded.bucket}
    ).returning(_PACING.c.bucket, _PACING.c.next_free_at)


# A bucket moved on, built once (see `prepared`).
_MOVE = (  # on the table, not the mapped class: run for many rows, it stays one statement
    update(_PACING)
    .where(_PACING.c.bucket == bindparam("one_bucket"))
    .values(next_free_at=bindparam("free_at"))
)


async def reserve(
    uow: UnitOfWork,
    limits: list[Limit],
    now: datetime,
    *,
    may_defer: bool = True,
    horizon: timedelta | None = None,
    held: bool = False,
) -> Slot:
    """Reserve the next send slot under every limit, and commit.

    Args:
        uow: an open unit of work (committed here, with anything already written in it).
        limits: the first is the channel-wide limit, the others the recipient's own.
        now: the current instant.
        may_defer: when the recipient's buckets are busy beyond the channel's next slot,
            reserve nothing and return their free instant as a deferred slot (the caller
            puts the message back rather than holding a worker); False waits for them.
        horizon: with may_defer, a slot further than this from now is deferred too.
        held: the recipient's buckets were reserved by the slot this one replaces (a slot
            missed because the process was stalled): only the channel-wide bucket is waited
            for, and the recipient's buckets move on from the new slot. Without it, a missed
            slot would wait for its own earlier reservation (a second per chat).
    """
    [slot] = await reserve_many(uow, [limits], now, may_defer=may_defer, horizon=horizon, held=held)
    return slot


async def reserve_many(
    uow: UnitOfWork,
    requests: list[list[Limit]],
    now: datetime,
    *,
    may_defer: bool = True,
    horizon: timedelta | None = None,
    own_wait: timedelta = timedelta(0),
    held: bool = False,
) -> list[Slot]:
    """`reserve` for several sends in one transaction, in order (a worker's whole batch).

    The buckets of every request are locked together, the slots planned one request after
    the other exactly as successive `reserve` calls would, and written back at once. A
    recipient busy for at most `own_wait` is waited for rather than deferred. `held`: see
    `reserve`.
    """
    slots: list[Slot] = []
    buckets = sorted({limit.bucket for limits in requests for limit in limits if limit.interval})
    if not buckets:
        return [Slot(now) for _ in requests]
    free = await _lock(uow, buckets)
    moved: dict[str, datetime] = {}
    for limits in requests:
        active = [limit for limit in limits if limit.interval > 0]
        if not active:
            slots.append(Slot(now))
            continue
        channel_at = max(now, free[active[0].bucket])
        own_at = now if held else max([now, *(free[limit.bucket] for limit in active[1:])])
        slot = max(channel_at, own_at)
        busy = own_at > channel_at and own_at > now + own_wait
        if may_defer and (busy or (horizon is not None and slot > now + horizon)):
            slots.append(Slot(own_at if own_at > channel_at else slot, deferred=True))
            continue
        for limit in active:
            after = max(free[limit.bucket], slot + timedelta(seconds=limit.interval))
            free[limit.bucket] = moved[limit.bucket] = after
        slots.append(Slot(slot, asked=now))
    if moved:
        await _set_many(uow, moved)
    await uow.commit()  # with what the caller wrote before (rows claimed with their slots)
    return slots


async def pause(uow: UnitOfWork, bucket: str, until: datetime) -> None:
    """Let nothing leave `bucket` before `until` (a 429 answer); the caller commits."""
    free = await _lock(uow, [bucket])
    if free[bucket] < until:
        await _set(uow, bucket, until)


async def _set(uow: UnitOfWork, bucket: str, at: datetime) -> None:
    await uow.session.execute(_MOVE, {"one_bucket": bucket, "free_at": at})


async def _set_many(uow: UnitOfWork, free_at: dict[str, datetime]) -> None:
    """Move several buckets with one statement, run for each (one round trip, not one each)."""
    rows = [{"one_bucket": bucket, "free_at": at} for bucket, at in free_at.items()]
    await uow.session.execute(_MOVE, rows)


async def prune(uow: UnitOfWork, before: datetime, keep: tuple[str, ...]) -> int:
    """Forget idle per-recipient buckets; the caller commits."""
    result = await uow.session.execute(
        delete(SendPacing).where(SendPacing.next_free_at < before, SendPacing.bucket.not_in(keep))
    )
    return int(getattr(result, "rowcount", 0) or 0)
