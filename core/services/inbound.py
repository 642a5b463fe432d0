"""Inbound de-duplication: an update or event id is handled once, whatever retries arrive."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete
from sqlalchemy.sql.dml import ReturningInsert

from core.persistence.models import ProcessedInbound, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import Insert, insert_for, prepared


async def first_time(channel: str, external_id: str, uow: UnitOfWork) -> bool:
    """Record `external_id` as seen on `channel`; False if it was seen before (caller commits)."""
    values = {"channel": channel, "external_id": external_id[:100], "processed_at": utcnow()}
    result = await uow.session.execute(_record(uow), values)
    return bool(getattr(result, "rowcount", 0))


async def first_times(keys: Sequence[tuple[str, str]], uow: UnitOfWork) -> list[bool]:
    """`first_time` for several (channel, external id) at once, in one statement; an id
    repeated in `keys` is new at most once (caller commits)."""
    now = utcnow()
    rows = [{"channel": c, "external_id": e[:100], "processed_at": now} for c, e in keys]
    result = await uow.session.execute(_record_returning(uow), rows)
    new = {(channel, external_id) for channel, external_id in result.all()}
    firsts = []
    for channel, external_id in keys:
        key = (channel, external_id[:100])
        firsts.append(key in new)
        new.discard(key)
    return firsts


@prepared
def _record_returning(dialect: str) -> ReturningInsert[Any]:
    table = cast(Table, ProcessedInbound.__table__)
    return _insert(dialect, table).returning(table.c.channel, table.c.external_id)


@prepared
def _record(dialect: str) -> Insert:
    return _insert(dialect, cast(Table, ProcessedInbound.__table__))


def _insert(dialect: str, table: Table) -> Insert:
    return insert_for(dialect, table).on_conflict_do_nothing(
        index_elements=["channel", "external_id"]
    )


async def forget_before(moment: datetime, uow: UnitOfWork) -> int:
    """Drop de-duplication records older than `moment` (platforms retry for minutes, not days)."""
    result = await uow.session.execute(
        delete(ProcessedInbound).where(ProcessedInbound.processed_at < moment)
    )
    return int(getattr(result, "rowcount", 0) or 0)
