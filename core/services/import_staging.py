"""Practices of an import written in short turns out of sight, then published batch by batch.

Each turn stages a few checked rows under the import's id (nothing of them is visible). The
publication then claims the catalogue's generation row (`publishing` = the import) and copies
the staged rows into `practices` in short transactions of PUBLISH_CHUNK rows, each staged row
keeping the practice it created or changed and that practice's values before. A last short
transaction clears the claim and counts one more generation: the search, which keeps the
previous generation while a publication is under way, then takes every row at once.

A crash leaves staged rows, and maybe a claim that stops beating: the next import (or the search
noticing it) undoes what that publication had copied, batch by batch, from the values kept, and
throws the rest away: all or nothing. No transaction holds the database's writer for long.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update

from core.persistence.models import CatalogGeneration, Practice, StagedPractice, utcnow
from core.persistence.uow import UnitOfWork
from core.services.imports import BULK_PAUSE, ImportResult

STAGE_CHUNK = 50  # rows staged per short transaction
PUBLISH_CHUNK = 100  # rows published per short transaction
ABANDONED = timedelta(minutes=10)  # an import that staged nothing for this long is dead
STALE = timedelta(seconds=10)  # a publication that has not beaten for this long is dead
WAIT = 0.2  # seconds between two looks at another import's publication

_PRACTICES = cast(Table, Practice.__table__)
_STAGED = cast(Table, StagedPractice.__table__)
_GENERATION = cast(Table, CatalogGeneration.__table__)
FIELDS = (
    "slug", "category", "status", "basis", "names", "synonyms", "description", "results",
    "tutorials", "zones", "regions",
)  # fmt: skip
_KEPT = (*(f for f in FIELDS if f != "slug"), "updated_at")  # what an undo puts back


class PublicationLost(RuntimeError):
    """Another process took this publication over (it had stopped beating) and undoes it."""


async def stage_and_publish(checked: list[dict[str, Any]], uow: UnitOfWork) -> ImportResult:
    """Stage every checked row in turns, then publish them in short batches."""
    import_id = uuid.uuid4().hex
    await recover(uow)
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
        result = await publish(import_id, uow)
    except PublicationLost:  # the process that took it over undoes it and drops its rows
        await uow.session.rollback()
        raise
    except BaseException:
        await uow.session.rollback()
        if await _give_up(import_id, uow):
            await _forget(import_id, uow)
        raise
    await _forget(import_id, uow)
    return result


async def publish(import_id: str, uow: UnitOfWork) -> ImportResult:
    """Copy the staged rows of `import_id` into practices (by slug), a short batch at a time."""
    await _claim(import_id, uow)
    result = ImportResult()
    while True:
        await _beat(import_id, uow)
        batch = (
            await uow.session.execute(
                select(_STAGED)
                .where(_STAGED.c.import_id == import_id, _STAGED.c.practice_id.is_(None))
                .order_by(_STAGED.c.id)
                .limit(PUBLISH_CHUNK)
            )
        ).all()
        if not batch:
            break
        created, updated = await _copy([row._asdict() for row in batch], uow)
        result.created += created
        result.updated += updated
        await uow.take_turns(BULK_PAUSE)
    finished = await uow.session.execute(
        update(_GENERATION)
        .where(_GENERATION.c.publishing == import_id)
        .values(publishing=None, heartbeat=None, generation=_GENERATION.c.generation + 1)
    )
    if finished.rowcount != 1:  # type: ignore[attr-defined]
        raise PublicationLost(import_id)
    await uow.commit()
    return result


async def _copy(batch: list[dict[str, Any]], uow: UnitOfWork) -> tuple[int, int]:
    """Write one batch into practices, keeping in each staged row what it replaced."""
    practices, session, now = _PRACTICES, uow.session, utcnow()
    slugs = [row["slug"] for row in batch]
    existing = {
        row.slug: row._asdict()
        for row in await session.execute(
            select(practices.c.id, *(practices.c[f] for f in ("slug", *_KEPT))).where(
                practices.c.slug.in_(slugs)
            )
        )
    }
    changed = [row for row in batch if row["slug"] in existing]
    new = [row for row in batch if row["slug"] not in existing]
    if changed:
        values: dict[str, Any] = {f: bindparam(f"new_{f}") for f in FIELDS if f != "slug"}
        await session.execute(
            update(practices)
            .where(practices.c.id == bindparam("practice"))
            .values(**values, updated_at=now),
            [
                {"practice": existing[row["slug"]]["id"]}
                | {f"new_{f}": row[f] for f in FIELDS if f != "slug"}
                for row in changed
            ],
        )
    if new:
        await session.execute(
            insert(practices),
            [{f: row[f] for f in FIELDS} | {"created_at": now, "updated_at": now} for row in new],
        )
        ids = select(practices.c.slug, practices.c.id).where(
            practices.c.slug.in_([row["slug"] for row in new])
        )
        existing |= {slug: {"id": id_, "new": True} for slug, id_ in await session.execute(ids)}
    await session.execute(
        update(_STAGED)
        .where(_STAGED.c.id == bindparam("staged"))
        .values(practice_id=bindparam("practice"), previous=bindparam("before")),
        [
            {
                "staged": row["id"],
                "practice": existing[row["slug"]]["id"],
                "before": _kept(existing[row["slug"]]),
            }
            for row in batch
        ],
    )
    return len(new), len(changed)


def _kept(row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("new"):
        return None
    return {f: row[f].isoformat() if f == "updated_at" else row[f] for f in _KEPT}


async def _claim(import_id: str, uow: UnitOfWork) -> None:
    """Make `import_id` the publication under way, once no other live one is."""
    while True:
        taken, dead = await _take(import_id, uow)
        if taken:
            break
        await uow.take_turns(WAIT)  # another import is being published: let it finish
    if dead is not None:
        await _undo(dead, import_id, uow)
        await _forget(dead, uow)


async def _take(import_id: str, uow: UnitOfWork) -> tuple[bool, str | None]:
    """Claim the generation row: (False, None) if a live publication holds it, else (True, the
    dead publication it held or None)."""
    session, now = uow.session, utcnow()
    row = (
        await session.execute(
            select(_GENERATION.c.publishing, _GENERATION.c.heartbeat)
            .where(_GENERATION.c.id == 1)
            .with_for_update()
        )
    ).first()
    if row is None:  # a database made without its migration's row (tests truncate it)
        await session.execute(
            insert(_GENERATION).values(
                id=1, epoch=uuid.uuid4().hex, publishing=import_id, heartbeat=now, generation=0
            )
        )
        await uow.commit()
        return True, None
    holder, beat = row
    if holder is not None and beat is not None and _alive(beat, now):
        await uow.rollback()
        return False, None
    await session.execute(
        update(_GENERATION).where(_GENERATION.c.id == 1).values(publishing=import_id, heartbeat=now)
    )
    await uow.commit()
    return True, cast(str | None, holder)


def _alive(beat: datetime, now: datetime) -> bool:
    return now - beat < STALE


async def _beat(import_id: str, uow: UnitOfWork) -> None:
    """Say the publication is alive (in the transaction of its next batch), or stop if taken."""
    beaten = await uow.session.execute(
        update(_GENERATION).where(_GENERATION.c.publishing == import_id).values(heartbeat=utcnow())
    )
    if beaten.rowcount != 1:  # type: ignore[attr-defined]
        raise PublicationLost(import_id)


async def _undo(dead: str, holder: str, uow: UnitOfWork) -> None:
    """Put back, a batch per short transaction, what publication `dead` had copied."""
    practices, staged, session = _PRACTICES, _STAGED, uow.session
    while True:
        await _beat(holder, uow)
        batch = (
            await session.execute(
                select(staged.c.id, staged.c.practice_id, staged.c.previous)
                .where(staged.c.import_id == dead, staged.c.practice_id.is_not(None))
                .limit(PUBLISH_CHUNK)
            )
        ).all()
        if not batch:
            return
        created = [practice for _id, practice, before in batch if before is None]
        if created:
            await session.execute(delete(practices).where(practices.c.id.in_(created)))
        restored = [(practice, before) for _id, practice, before in batch if before is not None]
        if restored:
            values: dict[str, Any] = {f: bindparam(f"old_{f}") for f in _KEPT}
            await session.execute(
                update(practices).where(practices.c.id == bindparam("practice")).values(**values),
                [{"practice": practice} | _restored(before) for practice, before in restored],
            )
        await session.execute(
            update(staged)
            .where(staged.c.id.in_([id_ for id_, _p, _b in batch]))
            .values(practice_id=None, previous=None)
        )
        await uow.take_turns(BULK_PAUSE)


def _restored(before: dict[str, Any]) -> dict[str, Any]:
    return {
        f"old_{f}": datetime.fromisoformat(before[f]) if f == "updated_at" else before.get(f)
        for f in _KEPT
    }


async def _give_up(import_id: str, uow: UnitOfWork) -> bool:
    """A publication that failed mid-way (an error, a cancelled task) undoes itself.

    True when its staged rows may go (nothing of it is left in practices); False leaves them
    to the next import, which undoes what is left once the claim stops beating.
    """
    try:
        if await _holds(import_id, uow):
            await _undo(import_id, import_id, uow)
            await uow.session.execute(
                update(_GENERATION)
                .where(_GENERATION.c.publishing == import_id)
                .values(publishing=None, heartbeat=None)
            )
            await uow.commit()
    except (asyncio.CancelledError, PublicationLost):
        await uow.session.rollback()
        return False
    return True


async def _holds(import_id: str, uow: UnitOfWork) -> bool:
    found = await uow.session.scalar(
        select(func.count()).where(_GENERATION.c.publishing == import_id)
    )
    return bool(found)


async def recover(uow: UnitOfWork) -> bool:
    """Undo a publication that stopped beating (a crash mid-way); True if there was one."""
    holder = uuid.uuid4().hex
    dead = await _take_if_dead(holder, uow)
    if dead is None:
        return False
    await _undo(dead, holder, uow)
    await _forget(dead, uow)
    await uow.session.execute(
        update(_GENERATION)
        .where(_GENERATION.c.publishing == holder)
        .values(publishing=None, heartbeat=None)
    )
    await uow.commit()
    return True


async def _take_if_dead(holder: str, uow: UnitOfWork) -> str | None:
    session, now = uow.session, utcnow()
    row = (
        await session.execute(
            select(_GENERATION.c.publishing, _GENERATION.c.heartbeat)
            .where(_GENERATION.c.id == 1)
            .with_for_update()
        )
    ).first()
    if row is None or row[0] is None or (row[1] is not None and _alive(row[1], now)):
        await uow.rollback()
        return None
    await session.execute(
        update(_GENERATION).where(_GENERATION.c.id == 1).values(publishing=holder, heartbeat=now)
    )
    await uow.commit()
    return cast(str, row[0])


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
    """Drop the staged rows of imports that stopped (a crash) more than ABANDONED ago.

    The rows of a publication still claimed are kept: they are what an undo needs.
    """
    staged = _STAGED
    claimed = select(_GENERATION.c.publishing).where(_GENERATION.c.publishing.is_not(None))
    dead = (
        select(staged.c.import_id)
        .group_by(staged.c.import_id)
        .having(func.max(staged.c.staged_at) < utcnow() - ABANDONED)
    )
    await uow.session.execute(
        delete(staged).where(staged.c.import_id.in_(dead), staged.c.import_id.not_in(claimed))
    )
    await uow.commit()
