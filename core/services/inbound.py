"""Inbound de-duplication: an update or event id is handled once, whatever retries arrive."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from core.persistence.models import ProcessedInbound, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert


async def first_time(channel: str, external_id: str, uow: UnitOfWork) -> bool:
    """Record `external_id` as seen on `channel`; False if it was seen before (caller commits)."""
    statement = (
        dialect_insert(uow, ProcessedInbound)
        .values(channel=channel, external_id=external_id[:100], processed_at=utcnow())
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
    )
    result = await uow.session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def forget_before(moment: datetime, uow: UnitOfWork) -> int:
    """Drop de-duplication records older than `moment` (platforms retry for minutes, not days)."""
    result = await uow.session.execute(
        delete(ProcessedInbound).where(ProcessedInbound.processed_at < moment)
    )
    return int(getattr(result, "rowcount", 0) or 0)
