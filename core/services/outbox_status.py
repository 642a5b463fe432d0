"""The delivery path's health: depth per lane, oldest due message, dead letters, who is alive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from core.domain.delivery import Lane, OutboxStatus
from core.persistence.models import OutboxMessage, SchedulerState
from core.persistence.uow import UnitOfWork
from core.services.liveness import PartLife, parts_alive

SCHEDULER = "scheduler"  # the scheduler_state row of the acting scheduler


@dataclass(frozen=True)
class DeadLetter:
    id: int
    key: str
    channel: str
    attempts: int
    reason: str | None


@dataclass(frozen=True)
class LaneDepth:
    lane: str
    waiting: int  # pending and due
    oldest_due_at: datetime | None


@dataclass(frozen=True)
class OutboxHealth:
    by_status: dict[str, int]
    oldest_due_at: datetime | None
    dead: int
    latest_dead: list[DeadLetter] = field(default_factory=list)
    last_tick_at: datetime | None = None
    scheduler_holder: str | None = None
    lanes: list[LaneDepth] = field(default_factory=list)
    parts: dict[str, PartLife] = field(default_factory=dict)

    @property
    def stranded(self) -> bool:
        """Messages are due and no delivery worker is alive to send them."""
        waiting = sum(lane.waiting for lane in self.lanes)
        worker = self.parts.get("worker")
        return bool(waiting) and (worker is None or worker.alive == 0)


async def outbox_health(uow: UnitOfWork, now: datetime, *, dead_shown: int = 5) -> OutboxHealth:
    """Read the outbox and the scheduler heartbeat (nothing is written)."""
    o = OutboxMessage
    grouped = await uow.session.execute(select(o.status, func.count()).group_by(o.status))
    counts = {status: n for status, n in grouped.tuples().all()}
    by_status = {status.value: int(counts.get(status.value, 0)) for status in OutboxStatus}
    oldest = await uow.session.scalar(
        select(func.min(o.next_attempt_at)).where(
            o.status == OutboxStatus.PENDING, o.next_attempt_at <= now
        )
    )
    dead_rows = await uow.session.execute(
        select(o.id, o.idempotency_key, o.channel, o.attempts, o.last_error)
        .where(o.status == OutboxStatus.DEAD)
        .order_by(o.id.desc())
        .limit(dead_shown)
    )
    state = await uow.session.get(SchedulerState, SCHEDULER)
    per_lane = await uow.session.execute(
        select(o.lane, func.count(), func.min(o.next_attempt_at))
        .where(o.status == OutboxStatus.PENDING, o.next_attempt_at <= now)
        .group_by(o.lane)
    )
    depth = {lane: (int(n), _aware(at)) for lane, n, at in per_lane.tuples().all()}
    lanes = [LaneDepth(lane.name.lower(), *depth.get(lane.value, (0, None))) for lane in Lane]
    return OutboxHealth(
        by_status=by_status,
        oldest_due_at=_aware(oldest),
        dead=by_status[OutboxStatus.DEAD],
        latest_dead=[DeadLetter(*row) for row in dead_rows],
        last_tick_at=state.last_tick_at if state else None,
        scheduler_holder=state.holder if state else None,
        lanes=lanes,
        parts=await parts_alive(uow, now),
    )


async def undelivered_without_worker(uow: UnitOfWork, now: datetime, late: timedelta) -> int:
    """How many rows are overdue by `late` while no delivery worker is alive (0: all is well)."""
    worker = (await parts_alive(uow, now))["worker"]
    if worker.alive:
        return 0
    o = OutboxMessage
    waiting = await uow.session.scalar(
        select(func.count()).where(
            o.status == OutboxStatus.PENDING, o.next_attempt_at <= now - late
        )
    )
    return int(waiting or 0)


def _aware(value: datetime | None) -> datetime | None:
    # min() over a UTC column comes back as text or naive on SQLite
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
