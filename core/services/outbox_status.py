"""The health of the delivery path: queue depth, the oldest due message, dead letters, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select

from core.domain.delivery import OutboxStatus
from core.persistence.models import OutboxMessage, SchedulerState
from core.persistence.uow import UnitOfWork

SCHEDULER = "scheduler"  # the scheduler_state row of the acting scheduler


@dataclass(frozen=True)
class DeadLetter:
    id: int
    key: str
    channel: str
    attempts: int
    reason: str | None


@dataclass(frozen=True)
class OutboxHealth:
    by_status: dict[str, int]
    oldest_due_at: datetime | None
    dead: int
    latest_dead: list[DeadLetter] = field(default_factory=list)
    last_tick_at: datetime | None = None
    scheduler_holder: str | None = None


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
    return OutboxHealth(
        by_status=by_status,
        oldest_due_at=_aware(oldest),
        dead=by_status[OutboxStatus.DEAD],
        latest_dead=[DeadLetter(*row) for row in dead_rows],
        last_tick_at=state.last_tick_at if state else None,
        scheduler_holder=state.holder if state else None,
    )


def _aware(value: datetime | None) -> datetime | None:
    # min() over a UTC column comes back as text or naive on SQLite
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
