"""Heartbeats of the running parts: who is alive, and whose claims may be taken back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from core.persistence.models import PartHeartbeat
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert

PARTS = ("worker", "scheduler", "telegram", "slack")
BEAT_SECONDS = 2.0
# A part silent for this long is dead: its claimed outbox rows go back to the queue.
STALE = timedelta(seconds=6)


async def beat(uow: UnitOfWork, name: str, part: str, now: datetime) -> None:
    """Say `name` (a `part`) is alive at `now` (the caller commits)."""
    statement = dialect_insert(uow, PartHeartbeat).values(
        name=name, part=part, started_at=now, seen_at=now
    )
    await uow.session.execute(
        statement.on_conflict_do_update(index_elements=["name"], set_={"seen_at": now})
    )


async def leave(uow: UnitOfWork, name: str) -> None:
    """A part stopping cleanly forgets its heartbeat (the caller commits)."""
    await uow.session.execute(delete(PartHeartbeat).where(PartHeartbeat.name == name))


async def forget_dead(uow: UnitOfWork, before: datetime) -> int:
    """Drop heartbeats silent since `before` (the caller commits)."""
    result = await uow.session.execute(delete(PartHeartbeat).where(PartHeartbeat.seen_at < before))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class PartLife:
    part: str
    alive: int  # processes of this part seen within STALE
    last_seen_at: datetime | None


async def parts_alive(uow: UnitOfWork, now: datetime) -> dict[str, PartLife]:
    """For each part: how many are alive, and when one was last seen."""
    rows = (await uow.session.execute(select(PartHeartbeat.part, PartHeartbeat.seen_at))).all()
    found: dict[str, PartLife] = {}
    for part in PARTS:
        seen = [at for name, at in rows if name == part]
        found[part] = PartLife(
            part, sum(1 for at in seen if at >= now - STALE), max(seen) if seen else None
        )
    return found
