"""Heartbeats of the running parts: who is alive, and whose claims may be taken back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from core.domain.liveness import BEAT_SECONDS, PARTS, STALE, PartLife, lives
from core.persistence.models import PartHeartbeat
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert

__all__ = ["BEAT_SECONDS", "PARTS", "STALE", "PartLife", "beat", "forget_dead", "leave", "lives"]


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
