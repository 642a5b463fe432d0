"""Practices of an import written in short turns out of sight, then published batch by batch.

Each turn stages a few checked rows under the import's id (nothing of them is visible). The
publication then claims the catalogue's generation row (`publishing` = the import) and copies
the staged rows into `practices` in short transactions of PUBLISH_CHUNK rows (by slug: created,
or updated after keeping the practice's values before in the staged row), moving `progress` to
the last staged id copied. A last short transaction clears the claim and counts one more
generation: the search, which keeps the previous generation while a claim is set, then takes
every row at once.

A crash leaves staged rows, and maybe a claim that stops beating: the next import (or the search
noticing it) undoes, from `progress` down, what that publication had copied (deletes what it
created, puts back the values kept) and throws the rest away: all or nothing. No transaction
holds the database's writer for long.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, exists, func, insert, literal, select, update

from core.persistence.models import CatalogGeneration, Practice, StagedPractice, utcnow
from core.persistence.uow import UnitOfWork
from core.services.imports import BULK_PAUSE, ImportResult

STAGE_CHUNK = 50  # rows staged per short transaction
PUBLISH_CHUNK = 50  # rows published (or undone) per short transaction
ABANDONED = timedelta(minutes=10)  # an import that staged nothing for this long is dead
STALE = timedelta(seconds=10)  # a publication that has not beaten for this long is dead
WAIT = 0.2  # seconds between two looks at another import's publication
# Seconds a publication rests after each batch: a person's request takes a few units of work
# in a row, and a batch taken between each of them would add up. On a busy machine, where a
# batch takes longer, it rests DUTY times as long as the batch took.
PUBLISH_PAUSE = 0.015
DUTY = 2.0

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
        began = time.perf_counter()
        rows = [
            {"import_id": import_id, "staged_at": utcnow(), **{f: v[f] for f in FIELDS}}
            for v in checked[start : start + STAGE_CHUNK]
        ]
        await uow.session.execute(insert(staged), rows)
        await _rest(uow, began, BULK_PAUSE)  # commits this chunk; others' units of work go first
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
    result, progress, session = ImportResult(), 0, uow.session
    staged = _STAGED
    mine = staged.c.import_id == import_id
    while True:
        ids = (
            await session.scalars(
                select(staged.c.id)
                .where(mine, staged.c.id > progress)
                .order_by(staged.c.id)
                .limit(PUBLISH_CHUNK)
            )
        ).all()
        if not ids:
            break
        began = time.perf_counter()
        created, updated = await _copy(import_id, progress, ids[-1], uow)
        progress = ids[-1]
        await _beat(import_id, uow, progress)
        result.created += created
        result.updated += updated
        await _rest(uow, began, PUBLISH_PAUSE)
    finished = await session.execute(
        update(_GENERATION)
        .where(_GENERATION.c.publishing == import_id, _GENERATION.c.undoing.is_(False))
        .values(
            publishing=None,
            heartbeat=None,
            progress=0,
            generation=_GENERATION.c.generation + 1,
        )
    )
    if finished.rowcount != 1:  # type: ignore[attr-defined]
        raise PublicationLost(import_id)
    await uow.commit()
    return result


async def _rest(uow: UnitOfWork, began: float, pause: float) -> None:
    """Commit, then let others' units of work run: `pause`, or longer after a slow turn."""
    took = time.perf_counter() - began
    await uow.take_turns(max(pause, DUTY * took))


async def _copy(import_id: str, low: int, high: int, uow: UnitOfWork) -> tuple[int, int]:
    """Write the staged rows low < id <= high into practices (set-based, one transaction)."""
    practices, staged, session, now = _PRACTICES, _STAGED, uow.session, utcnow()
    batch = (staged.c.import_id == import_id) & staged.c.id.between(low + 1, high)
    same = practices.c.slug == staged.c.slug
    before = (
        await session.execute(
            select(staged.c.id, *(practices.c[f] for f in _KEPT)).where(batch, same)
        )
    ).all()
    if before:  # updates: keep the values they replace, then replace them
        await session.execute(
            update(staged)
            .where(staged.c.id == bindparam("staged"))
            .values(previous=bindparam("kept")),
            [{"staged": row[0], "kept": _kept(row[1:])} for row in before],
        )
        changed = {f: staged.c[f] for f in FIELDS if f != "slug"}
        await session.execute(
            update(practices).where(batch, same).values(**changed, updated_at=now)
        )
    stamp = literal(now, practices.c.created_at.type)
    created = await session.execute(
        insert(practices).from_select(
            [*FIELDS, "created_at", "updated_at"],
            select(*(staged.c[f] for f in FIELDS), stamp, stamp)
            .where(batch, ~exists().where(same))
            .order_by(staged.c.id),
        )
    )
    return created.rowcount, len(before)  # type: ignore[attr-defined]


def _kept(values: Any) -> dict[str, Any]:
    kept = dict(zip(_KEPT, values, strict=True))
    kept["updated_at"] = kept["updated_at"].isoformat()
    return kept


async def _claim(import_id: str, uow: UnitOfWork) -> None:
    """Make `import_id` the publication under way, once no other live one is."""
    while True:
        state = await _generation(uow)
        if state is None:  # a database made without its migration's row (tests truncate it)
            await uow.session.execute(
                insert(_GENERATION).values(
                    id=1,
                    epoch=uuid.uuid4().hex,
                    publishing=import_id,
                    heartbeat=utcnow(),
                    progress=0,
                    undoing=False,
                    generation=0,
                )
            )
            await uow.commit()
            return
        holder, beat = state
        if holder is None:
            taken = await uow.session.execute(
                update(_GENERATION)
                .where(_GENERATION.c.id == 1, _GENERATION.c.publishing.is_(None))
                .values(publishing=import_id, heartbeat=utcnow(), progress=0, undoing=False)
            )
            await uow.commit()
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                return
        elif not _alive(beat):
            await recover(uow)
            continue
        await uow.take_turns(WAIT)  # another import is being published: let it finish


async def _generation(uow: UnitOfWork) -> tuple[str | None, datetime | None] | None:
    row = (
        await uow.session.execute(
            select(_GENERATION.c.publishing, _GENERATION.c.heartbeat).where(_GENERATION.c.id == 1)
        )
    ).first()
    await uow.rollback()
    return None if row is None else (row[0], row[1])


def _alive(beat: datetime | None) -> bool:
    return beat is not None and utcnow() - beat < STALE


async def _beat(import_id: str, uow: UnitOfWork, progress: int) -> None:
    """Say the publication lives and how far it is (in its batch's transaction), or stop."""
    beaten = await uow.session.execute(
        update(_GENERATION)
        .where(_GENERATION.c.publishing == import_id, _GENERATION.c.undoing.is_(False))
        .values(heartbeat=utcnow(), progress=progress)
    )
    if beaten.rowcount != 1:  # type: ignore[attr-defined]
        raise PublicationLost(import_id)


async def _give_up(import_id: str, uow: UnitOfWork) -> bool:
    """A publication that failed mid-way (an error, a cancelled task) undoes itself.

    True when its staged rows may go (nothing of it is left in practices); False leaves them
    to the next import, which undoes what is left once the claim stops beating.
    """
    try:
        taken = await uow.session.execute(
            update(_GENERATION)
            .where(_GENERATION.c.publishing == import_id, _GENERATION.c.undoing.is_(False))
            .values(undoing=True, heartbeat=utcnow())
        )
        await uow.commit()
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            await _undo(import_id, uow)
    except (asyncio.CancelledError, PublicationLost):
        await uow.session.rollback()
        return False
    return True


async def recover(uow: UnitOfWork) -> bool:
    """Undo a publication that stopped beating (a crash mid-way); True if there was one."""
    state = await _generation(uow)
    if state is None or state[0] is None or _alive(state[1]):
        return False
    dead = state[0]
    silent = _GENERATION.c.heartbeat.is_(None) | (_GENERATION.c.heartbeat < utcnow() - STALE)
    taken = await uow.session.execute(
        update(_GENERATION)
        .where(_GENERATION.c.publishing == dead, silent)
        .values(undoing=True, heartbeat=utcnow())
    )
    await uow.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return False  # someone else took it first
    await _undo(dead, uow)
    await _forget(dead, uow)
    return True


async def _undo(dead: str, uow: UnitOfWork) -> None:
    """Take back, from its progress down, a batch per short transaction, what `dead` copied."""
    practices, staged, session = _PRACTICES, _STAGED, uow.session
    claim = (_GENERATION.c.publishing == dead) & _GENERATION.c.undoing.is_(True)
    while True:
        began = time.perf_counter()
        progress = await session.scalar(select(_GENERATION.c.progress).where(claim))
        if progress is None:
            raise PublicationLost(dead)
        rows = (
            await session.execute(
                select(staged.c.id, staged.c.slug, staged.c.previous)
                .where(staged.c.import_id == dead, staged.c.id <= progress)
                .order_by(staged.c.id.desc())
                .limit(PUBLISH_CHUNK)
            )
        ).all()
        if not rows:
            await session.execute(
                update(_GENERATION)
                .where(claim)
                .values(publishing=None, heartbeat=None, progress=0, undoing=False)
            )
            await uow.commit()
            return
        created = [slug for _id, slug, before in rows if before is None]
        if created:
            await session.execute(delete(practices).where(practices.c.slug.in_(created)))
        restored = [(slug, before) for _id, slug, before in rows if before is not None]
        if restored:
            values: dict[str, Any] = {f: bindparam(f"old_{f}") for f in _KEPT}
            await session.execute(
                update(practices).where(practices.c.slug == bindparam("at")).values(**values),
                [{"at": slug} | _restored(before) for slug, before in restored],
            )
        await session.execute(
            update(_GENERATION).where(claim).values(progress=rows[-1][0] - 1, heartbeat=utcnow())
        )
        await _rest(uow, began, BULK_PAUSE)


def _restored(before: dict[str, Any]) -> dict[str, Any]:
    return {
        f"old_{f}": datetime.fromisoformat(before[f]) if f == "updated_at" else before.get(f)
        for f in _KEPT
    }


async def _forget(import_id: str, uow: UnitOfWork) -> None:
    """Drop the staged rows of `import_id`, a chunk per short transaction."""
    staged = _STAGED
    while True:
        began = time.perf_counter()
        chunk = select(staged.c.id).where(staged.c.import_id == import_id).limit(STAGE_CHUNK * 4)
        gone = await uow.session.execute(delete(staged).where(staged.c.id.in_(chunk)))
        await _rest(uow, began, BULK_PAUSE)
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
