"""Inbound de-duplication: an update or event id is handled once, whatever retries arrive."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete

from core.persistence.models import ProcessedInbound, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import Insert, insert_for, prepared


async def first_time(channel: str, external_id: str, uow: UnitOfWork) -> bool:
    """Record `external_id` as seen on `channel`; False if it was seen before (caller commits)."""
    values = {"channel": channel, "external_id": external_id[:100], "processed_at": utcnow()}
    result = await uow.session.execute(_record(uow), values)
    return bool(getattr(result, "rowcount", 0))


@prepared
def _record(dialect: str) -> Insert:
    return insert_for(dialect, cast(Table, ProcessedInbound.__table__)).on_conflict_do_nothing(
        index_elements=["channel", "external_id"]
    )


async def forget_before(moment: datetime, uow: UnitOfWork) -> int:
    """Drop de-duplication records older than `moment` (platforms retry for minutes, not days)."""
    result = await uow.session.execute(
        delete(ProcessedInbound).where(ProcessedInbound.processed_at < moment)
    )
    return int(getattr(result, "rowcount", 0) or 0)
