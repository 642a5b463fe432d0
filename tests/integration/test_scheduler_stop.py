"""Stopping the scheduler lets the tick under way finish: no job is cut off mid-statement; a
killed scheduler's lease is taken over within seconds."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.persistence.models import SchedulerState, utcnow
from core.persistence.uow import UnitOfWork
from core.services import liveness
from core.services.liveness import STALE
from core.services.outbox_status import SCHEDULER
from scheduler.runner import Clock


async def test_a_stop_during_a_job_waits_for_it_and_gives_the_lease_up(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow(now: datetime, uow: UnitOfWork) -> int:
        started.set()
        await asyncio.sleep(0.3)  # a statement in flight when the stop comes
        await uow.session.scalar(select(SchedulerState.name).limit(1))
        finished.set()
        return 0

    clock = Clock(hub, tick_seconds=60, jobs=[("slow", slow, 0.0)])
    stop = asyncio.Event()
    running = asyncio.create_task(clock.run(stop))
    await asyncio.wait_for(started.wait(), 10)
    stop.set()
    with caplog.at_level(logging.ERROR):
        await asyncio.wait_for(running, 10)
    assert finished.is_set()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    async with hub.uow() as uow:
        rows = {r.name: r for r in (await uow.session.scalars(select(SchedulerState))).all()}
    assert rows["job:slow"].holder == clock.holder  # the job's run was recorded, not rolled back
    assert rows[SCHEDULER].holder is None  # and the lease is free for another scheduler


async def test_a_killed_schedulers_lease_is_taken_over_once_its_heartbeat_is_stale(
    hub: Hub,
) -> None:
    """A process killed while holding the lease leaves it for minutes; its silence frees it."""
    dead = Clock(hub, lease_seconds=600, jobs=[])
    alive = Clock(hub, lease_seconds=600, jobs=[])
    assert await dead.tick() == 0  # it holds the lease for ten minutes
    async with hub.uow() as uow:
        await liveness.beat(uow, dead.holder, "scheduler", utcnow())
        await uow.commit()
    assert await alive.tick() is None  # its heartbeat is fresh: it is alive, it keeps the lease
    async with hub.uow() as uow:  # then it is killed: its last beat grows old
        await liveness.beat(uow, dead.holder, "scheduler", utcnow() - STALE - timedelta(seconds=1))
        await uow.commit()
    assert await alive.tick() == 0  # taken over long before the lease would end
    assert await dead.tick() is None  # and a holder that comes back does not act beside it
