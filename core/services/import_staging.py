"""Practices of an import written in short turns out of sight, then published all at once.

Each turn stages a few checked rows under the import's id (nothing of them is visible). One
short transaction then copies them into `practices`, updating by slug; the staged rows are
dropped after it, in turns. A crash leaves only staged rows, which are never published and
which a later import throws away: all or nothing.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, exists, func, insert, literal, select, update

from core.persistence.models import Practice, StagedPractice, utcnow
from core.persistence.uow import UnitOfWork
from core.services.imports import BULK_PAUSE, ImportResult

STAGE_CHUNK = 50  # rows staged per short transaction
ABANDONED = timedelta(minutes=10)  # an import that staged nothing for this long is dead

_PRACTICES = cast(Table, Practice.__table__)
_STAGED = cast(Table, StagedPractice.__table__)
FIELDS = (
    "slug", "category", "status", "basis", "names", "synonyms", "description", "results",
    "tutorials", "zones", "regions",
)  # fmt: skip


async def stage_and_publish(checked: list[dict[str, Any]], uow: UnitOfWork) -> ImportResult:
    """Stage every checked row in turns, then publish them in one transaction."""
    import_id = uuid.uuid4().hex
    await _forget_abandoned(uow)
    staged = _STAGED
    for start in range(0, len(checked), STAGE_CHUNK):
        rows = [
            {"import_id": import_id, "staged_at": utcnow(), **{f: v[f] for f in FIELDS}}
            for v in checked[start : start + STAGE_CHUNK]
        ]
        await uow.session.execute(insert(staged), rows)
        await uow.take_turns(BULK_PAUSE)  # commits this chunk; others' units of work go first
    try:
        return await publish(import_id, uow)
    finally:
        await uow.session.rollback()  # if it failed, nothing was published
        await _forget(import_id, uow)


async def publish(import_id: str, uow: UnitOfWork) -> ImportResult:
    """Copy the staged rows of `import_id` into practices (by slug) in one transaction."""
    practices, staged = _PRACTICES, _STAGED
    mine = staged.c.import_id == import_id
    now = utcnow()
    changed = {f: staged.c[f] for f in FIELDS if f != "slug"}
    updated = await uow.session.execute(
        update(practices)
        .where(mine, practices.c.slug == staged.c.slug)
        .values(**changed, updated_at=now)
    )
    new = ~exists().where(practices.c.slug == staged.c.slug)
    columns = [staged.c[f] for f in FIELDS]
    stamp = literal(now, practices.c.created_at.type)
    created = await uow.session.execute(
        insert(practices).from_select(
            [*FIELDS, "created_at", "updated_at"],
            select(*columns, stamp, stamp).where(mine, new).order_by(staged.c.id),
        )
    )
    await uow.commit()
    return ImportResult(created=created.rowcount, updated=updated.rowcount)  # type: ignore[attr-defined]


async def _forget(import_id: str, uow: UnitOfWork) -> None:
    """Drop the staged rows of `import_id`, a chunk per short transaction."""
    staged = _STAGED
    while True:
        chunk = select(staged.c.id).where(staged.c.import_id == import_id).limit(STAGE_CHUNK * 4)
        gone = await uow.session.execute(delete(staged).where(staged.c.id.in_(chunk)))
        await uow.take_turns(BULK_PAUSE)
        if gone.rowcount < STAGE_CHUNK * 4:  # type: ignore[attr-defined]
            return


async def _forget_abandoned(uow: UnitOfWork) -> None:
    """Drop the staged rows of imports that stopped (a crash) more than ABANDONED ago."""
    staged = _STAGED
    dead = (
        select(staged.c.import_id)
        .group_by(staged.c.import_id)
        .having(func.max(staged.c.staged_at) < utcnow() - ABANDONED)
    )
    await uow.session.execute(delete(staged).where(staged.c.import_id.in_(dead)))
    await uow.commit()
