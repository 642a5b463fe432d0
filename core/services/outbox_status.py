"""The delivery path's health: depth per lane, oldest due message, dead letters, who is alive.

Plain SQL over a `Rows`, so that `4p1000 status` reads it through the bare driver and starts
fast, and a unit of work (`uow.rows`) reads it the same way. "Due" means due for a worker:
messages to the terminal chat wait for their person to open it instead (`for_the_terminal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.domain.delivery import Lane, OutboxStatus
from core.domain.liveness import PartLife, lives
from core.domain.people import Channel
from core.persistence.rows import NoDatabase, Rows, bare_rows

__all__ = ["NoDatabase", "OutboxHealth", "health_of", "outbox_health"]

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
    for_the_terminal: int = 0  # pending messages the terminal chat shows when next opened

    @property
    def stranded(self) -> bool:
        """Messages are due and no delivery worker is alive to send them."""
        waiting = sum(lane.waiting for lane in self.lanes)
        worker = self.parts.get("worker")
        return bool(waiting) and (worker is None or worker.alive == 0)


async def outbox_health(rows: Rows, now: datetime, *, dead_shown: int = 5) -> OutboxHealth:
    """Read the outbox and the scheduler heartbeat (nothing is written)."""
    due = _due(now)
    counts = dict(await rows("SELECT status, count(*) FROM outbox GROUP BY status"))
    by_status = {status.value: int(counts.get(status.value, 0)) for status in OutboxStatus}
    ((oldest,),) = await rows(
        "SELECT min(next_attempt_at) FROM outbox"
        " WHERE status = :pending AND next_attempt_at <= :now AND channel <> :console",
        due,
    )
    ((terminal,),) = await rows(
        "SELECT count(*) FROM outbox WHERE status = :pending AND channel = :console", due
    )
    dead_rows = await rows(
        "SELECT id, idempotency_key, channel, attempts, last_error FROM outbox"
        " WHERE status = :dead ORDER BY id DESC LIMIT :shown",
        {"dead": OutboxStatus.DEAD.value, "shown": dead_shown},
    )
    state = await rows(
        "SELECT last_tick_at, holder FROM scheduler_state WHERE name = :name", {"name": SCHEDULER}
    )
    per_lane = await rows(
        "SELECT lane, count(*), min(next_attempt_at) FROM outbox"
        " WHERE status = :pending AND next_attempt_at <= :now AND channel <> :console"
        " GROUP BY lane",
        due,
    )
    depth = {int(lane): (int(n), _aware(at)) for lane, n, at in per_lane}
    lanes = [LaneDepth(lane.name.lower(), *depth.get(lane.value, (0, None))) for lane in Lane]
    return OutboxHealth(
        by_status=by_status,
        oldest_due_at=_aware(oldest),
        dead=by_status[OutboxStatus.DEAD],
        latest_dead=[DeadLetter(*row) for row in dead_rows],
        last_tick_at=_aware(state[0][0]) if state else None,
        scheduler_holder=state[0][1] if state else None,
        lanes=lanes,
        parts=await _parts(rows, now),
        for_the_terminal=int(terminal or 0),
    )


async def health_of(database_url: str, now: datetime) -> OutboxHealth:
    """The health read through the bare driver (no engine, no pool): for `status` and probes."""
    async with bare_rows(database_url) as rows:
        return await outbox_health(rows, now)


async def undelivered_without_worker(rows: Rows, now: datetime, late: timedelta) -> int:
    """How many rows are overdue by `late` while no delivery worker is alive (0: all is well)."""
    if (await _parts(rows, now))["worker"].alive:
        return 0
    ((waiting,),) = await rows(
        "SELECT count(*) FROM outbox"
        " WHERE status = :pending AND next_attempt_at <= :now AND channel <> :console",
        _due(now - late),
    )
    return int(waiting or 0)


def _due(now: datetime) -> dict[str, object]:
    """The parameters of the queries for what is due for a worker at `now`."""
    return {"pending": OutboxStatus.PENDING.value, "now": now, "console": Channel.CONSOLE.value}


async def _parts(rows: Rows, now: datetime) -> dict[str, PartLife]:
    beats = await rows("SELECT part, seen_at FROM part_heartbeats")
    return lives(((part, at) for part, seen in beats if (at := _aware(seen))), now)


def _aware(value: object) -> datetime | None:
    # plain SQL gives SQLite's datetimes as naive UTC text
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
