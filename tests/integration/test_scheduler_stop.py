"""Stopping the scheduler lets the tick under way finish: no job is cut off mid-statement."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.persistence.models import SchedulerState
from core.persistence.uow import UnitOfWork
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
