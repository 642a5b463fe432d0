"""Acknowledged inbound work, stored before the ack so that a crash cannot drop it.

A channel that must answer before the work is done (Slack's 3 seconds) stores the mapped input
here in one short transaction, then acknowledges. The work is marked done in the transaction
of its handling (`finish`), so it is handled once. The storing process holds a lease on its
records and renews it while it lives; records whose lease ran out (their process died) are
claimed by any live process and handled then. A second request with the same key (a retry)
stores nothing.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update

from core.persistence.models import InboundWork, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert

# A holder renews its leases every RENEW_SECONDS; a record whose lease ran out is taken up.
LEASE = timedelta(seconds=10)
RENEW_SECONDS = 3.0
MAX_ATTEMPTS = 5  # a record taken up this many times is left alone (it may crash its holder)
KEEP_DONE = timedelta(days=1)  # retries come within minutes; done records are dropped after this

Uows = Callable[[], UnitOfWork]


def holder_name(part: str) -> str:
    """A process's name on the records it holds."""
    return f"{part}-{socket.gethostname()[:60]}-{os.getpid()}-{secrets.token_hex(3)}"


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


@dataclass(frozen=True)
class Request:
    """A request to store: its channel's de-duplication key, its kind, its mapped input."""

    channel: str
    key: str
    kind: str
    payload: dict[str, Any]


async def store(uows: Uows, request: Request, *, holder: str) -> StoredWork | None:
    """Store one request, held by `holder`, committed; None if its key was stored before."""
    (stored,) = await store_many(uows, [request], holder=holder)
    return stored


async def store_many(
    uows: Uows, requests: list[Request], *, holder: str
) -> list[StoredWork | None]:
    """Store requests in one transaction, committed; None for each key stored before (or
    earlier in the same list)."""
    now = utcnow()
    rows: dict[tuple[str, str], Request] = {}
    for request in requests:
        rows.setdefault((request.channel, request.key[:200]), request)
    async with uows() as uow:
        statement = (
            dialect_insert(uow, InboundWork)
            .values(
                [
                    {
                        "channel": channel,
                        "request_key": key,
                        "kind": request.kind,
                        "payload": request.payload,
                        "received_at": now,
                        "claimed_by": holder,
                        "lease_until": now + LEASE,
                        "attempts": 1,
                    }
                    for (channel, key), request in rows.items()
                ]
            )
            .on_conflict_do_nothing(index_elements=["channel", "request_key"])
            .returning(InboundWork.id, InboundWork.channel, InboundWork.request_key)
        )
        ids = {
            (row.channel, row.request_key): row.id for row in await uow.session.execute(statement)
        }
        await uow.commit()
    found: list[StoredWork | None] = []
    for request in requests:
        place = (request.channel, request.key[:200])
        new = rows.get(place) is request and place in ids
        found.append(StoredWork(ids[place], request.kind, request.payload, 1, now) if new else None)
    return found


class StoreTogether:
    """Stores requests arriving together in one transaction (a group commit).

    Each `store` waits for the commit of the group it joined. On SQLite, where units of work
    take turns, a burst of requests costs one turn instead of one each.
    """

    def __init__(self, uows: Uows, holder: str) -> None:
        self.uows = uows
        self.holder = holder
        self._waiting: list[tuple[Request, asyncio.Future[StoredWork | None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def store(self, request: Request) -> StoredWork | None:
        """Store `request` (committed on return); None if its key was stored before."""
        stored: asyncio.Future[StoredWork | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((request, stored))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await stored

    async def _write(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            try:
                results = await store_many(
                    self.uows, [request for request, _ in group], holder=self.holder
                )
            except Exception as error:  # each waiting request fails with it
                for _, waiting in group:
                    if not waiting.done():
                        waiting.set_exception(error)
                continue
            for (_, waiting), result in zip(group, results, strict=True):
                if not waiting.done():
                    waiting.set_result(result)


async def finish(uow: UnitOfWork, work_id: int) -> bool:
    """Mark the work done in the caller's transaction; False if it was done already.

    What the person sent is dropped with it: only the key stays, to recognise a retry."""
    result = await uow.session.execute(_FINISH, {"done_id": work_id, "done_now": utcnow()})
    return bool(getattr(result, "rowcount", 0))


_FINISH = (  # built once: every piece of Slack work ends with it
    update(InboundWork)
    .where(InboundWork.id == bindparam("done_id"), InboundWork.done_at.is_(None))
    .values(done_at=bindparam("done_now"), lease_until=None, payload={})
)


async def finish_alone(uows: Uows, work_id: int) -> bool:
    """Mark the work done in a transaction of its own, committed (for work whose handling is
    made once otherwise: an inbound message recorded with its handling)."""
    async with uows() as uow:
        done = await finish(uow, work_id)
        await uow.commit()
    return done


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
    """Drop records done more than `older_than` ago, and those given up on that long ago,
    committed."""
    moment = utcnow() - older_than
    given_up = and_(
        InboundWork.done_at.is_(None),
        InboundWork.attempts >= MAX_ATTEMPTS,
        InboundWork.received_at < moment,
    )
    async with uows() as uow:
        result = await uow.session.execute(
            delete(InboundWork).where(or_(InboundWork.done_at < moment, given_up))
        )
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
