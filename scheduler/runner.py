"""The scheduler process: an APScheduler clock whose ticks run the due-work JOBS.

Only one scheduler acts at a time: each tick first takes (or renews) a lease in the
`scheduler_state` row "scheduler" with a single conditional UPDATE, atomic on PostgreSQL and
on SQLite; on PostgreSQL every job also runs under a transaction-level advisory lock, so a
holder whose lease ran out in the middle of a slow job never overlaps the next holder. A
holder whose heartbeat went stale (a killed process) is taken over at the next tick of
another scheduler, seconds after it died, without waiting for its lease to run out.

Catch-up policy after downtime: missed ticks are never replayed. The first tick after a
(re)start runs every job once, at the current time (APScheduler coalesces missed runs); each
job decides from the database what is due up to `now`, so what fell due while the hub was
down is enqueued then, once (idempotency keys), and a job that must not send stale items
(a reminder for an event already over) skips them by its own rule. Each job's last run and
the scheduler's last tick are recorded in `scheduler_state`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
import zlib
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import exists, or_, select, text, update

from core.bootstrap import Hub
from core.persistence.models import PartHeartbeat, SchedulerState, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert
from core.services.liveness import STALE
from core.services.outbox_status import SCHEDULER
from scheduler.jobs import JOBS, DueWork

log = logging.getLogger(__name__)


async def _ensure(uow: UnitOfWork, name: str) -> None:
    await uow.session.execute(
        dialect_insert(uow, SchedulerState)
        .values(name=name)
        .on_conflict_do_nothing(index_elements=["name"])
    )


async def take_lease(uow: UnitOfWork, holder: str, now: datetime, lease: timedelta) -> bool:
    """Become (or stay) the acting scheduler; the caller commits.

    The lease is free when nobody holds it, when it ran out, or when its holder's heartbeat
    went silent (its process is gone; heartbeats are on the real clock, not the hub's).
    """
    await _ensure(uow, SCHEDULER)
    s, h = SchedulerState, PartHeartbeat
    silent = exists().where(h.name == s.holder, h.seen_at < utcnow() - STALE)
    result = await uow.session.execute(
        update(s)
        .where(
            s.name == SCHEDULER,
            or_(s.holder == holder, s.holder.is_(None), s.lease_until < now, silent),
        )
        .values(holder=holder, lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


class Clock:
    """Ticks every `tick_seconds`; runs each job whose interval has passed."""

    def __init__(
        self,
        hub: Hub,
        *,
        tick_seconds: float = 10.0,
        lease_seconds: float = 60.0,
        jobs: list[tuple[str, DueWork, float]] | None = None,
        holder: str | None = None,
    ) -> None:
        self.hub = hub
        self.tick_seconds = tick_seconds
        self.lease = timedelta(seconds=lease_seconds)
        self.jobs = JOBS if jobs is None else jobs
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._busy = asyncio.Lock()
        self._stopping = False

    async def tick(self) -> int | None:
        """Run the due jobs if this scheduler holds the lease; None when another one does."""
        async with self._busy:
            if self._stopping:
                return None
            now = self.hub.now()
            async with self.hub.uow() as uow:
                held = await take_lease(uow, self.holder, now, self.lease)
                await uow.commit()
            if not held:
                return None
            total = 0
            for name, job, interval in self.jobs:
                try:
                    total += await self._run(name, job, interval, now)
                except Exception:
                    log.exception("scheduler job %s failed; it will run again next tick", name)
            async with self.hub.uow() as uow:
                await uow.session.execute(
                    update(SchedulerState)
                    .where(SchedulerState.name == SCHEDULER, SchedulerState.holder == self.holder)
                    .values(last_tick_at=now)
                    .execution_options(synchronize_session=False)
                )
                await uow.commit()
            return total

    async def _run(self, name: str, job: DueWork, interval: float, now: datetime) -> int:
        key = f"job:{name}"[:64]
        async with self.hub.uow() as uow:
            if uow.dialect == "postgresql":
                lock = zlib.crc32(f"4p1000:{key}".encode())
                got = await uow.session.scalar(text(f"SELECT pg_try_advisory_xact_lock({lock})"))
                if not got:
                    return 0
            await _ensure(uow, key)
            last = await uow.session.scalar(
                select(SchedulerState.last_tick_at).where(SchedulerState.name == key)
            )
            if last is not None and now < last + timedelta(seconds=interval):
                return 0
            enqueued = await job(now, uow)
            await uow.session.execute(
                update(SchedulerState)
                .where(SchedulerState.name == key)
                .values(last_tick_at=now, holder=self.holder)
                .execution_options(synchronize_session=False)
            )
            await uow.commit()
        if enqueued:
            log.info("scheduler job %s enqueued %s messages", name, enqueued)
        return enqueued

    async def release(self) -> None:
        """Give the lease up, so that another scheduler takes over at its next tick."""
        async with self._busy, self.hub.uow() as uow:
            await uow.session.execute(
                update(SchedulerState)
                .where(SchedulerState.name == SCHEDULER, SchedulerState.holder == self.holder)
                .values(holder=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )
            await uow.commit()

    async def run(self, stop: asyncio.Event) -> None:
        """Tick until `stop` (the first tick at once: that is the catch-up after downtime)."""
        clock = AsyncIOScheduler()
        clock.add_job(
            self.tick,
            IntervalTrigger(seconds=self.tick_seconds),
            id="tick",
            next_run_time=datetime.now().astimezone(),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, int(self.tick_seconds)),
        )
        clock.start()
        log.info("scheduler %s ticking every %ss", self.holder, self.tick_seconds)
        try:
            await stop.wait()
        finally:  # a tick under way finishes (shutting down first would cancel it mid-statement)
            clock.pause()
            self._stopping = True
            await self.release()
            clock.shutdown(wait=False)
            log.info("scheduler %s stopped", self.holder)
