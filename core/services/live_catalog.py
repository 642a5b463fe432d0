"""The search catalog of a database, kept in memory and brought up to date item by item.

Each use asks the database for a cheap version (row counts and the latest update of practices,
partners, their objectives and the reference tables). When it differs, the rows changed since
the catalog last looked are read in a short query and indexed off the event loop; a large batch
(an import, a cold start) is read in small transactions by a background task, while searches
answer from what is already indexed. Services that write also call `invalidate()`.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import itertools
import logging
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from core.domain.kinds import PublicationStatus
from core.persistence.models import (
    AgroClimaticZone,
    Partner,
    Practice,
    Region,
    StrategicObjective,
    partner_objectives,
)
from core.persistence.uow import UnitOfWork
from core.search.catalog_index import Catalog, Changes, PartnerEntry, PracticeEntry, Reference

log = logging.getLogger(__name__)

INLINE_CHANGES = 200  # up to this many changed rows are applied before answering
CHUNK = 100  # rows read per short transaction by the background task
STEP = 50  # rows indexed per step in the background
PAUSE = 0.01  # seconds between two background steps


@dataclass(frozen=True)
class Seen:
    """How far the catalog has read: the latest (updated_at, id) indexed of each table."""

    practices: tuple[datetime, int] | None
    partners: tuple[datetime, int] | None
    links: int


@dataclass
class _Live:
    catalog: Catalog
    version: tuple[Any, ...] = (None,)  # of the data indexed so far
    seen: Seen = field(default_factory=lambda: Seen(None, None, -1))
    task: asyncio.Task[None] | None = None


_LIVE: weakref.WeakKeyDictionary[Engine, _Live] = weakref.WeakKeyDictionary()
_generation = itertools.count()
_current_generation = next(_generation)


def invalidate() -> None:
    """Make the next use look for changes (call after writing partners or practices)."""
    global _current_generation
    _current_generation = next(_generation)


async def catalog(uow: UnitOfWork) -> Catalog:
    """The catalog of the database behind `uow`, with every change up to now when it is small."""
    engine = uow.session.get_bind()
    if not isinstance(engine, Engine):
        raise TypeError("the catalog needs a session bound to an engine")
    version = (_current_generation, *await _version(uow))
    live = _LIVE.get(engine)
    if live is not None and (live.version == version or _busy(live)):
        return live.catalog
    if live is not None and live.version[-3:] != version[-3:]:  # zones, regions or objectives
        fresh = _Live(Catalog(await load_reference(uow)))
        live.task = _background(_refill(uow, engine, fresh))
        return live.catalog
    if live is None:
        live = _LIVE[engine] = _Live(Catalog(await load_reference(uow)))
    changes, seen, complete = await _changes(uow, live, version)
    if not complete:  # a large batch: read it in small transactions, off this unit of work
        live.task = _background(_catch_up(uow, live))
        return live.catalog
    await asyncio.to_thread(live.catalog.apply, changes)
    live.seen = seen
    live.version = live.catalog.version = version
    return live.catalog


def _busy(live: _Live) -> bool:
    return live.task is not None and not live.task.done()


def _background(work: Any) -> asyncio.Task[None]:
    # A fresh context: the task takes its own turns on the database, not the caller's.
    return asyncio.get_running_loop().create_task(work, context=contextvars.Context())


async def _version(uow: UnitOfWork) -> tuple[Any, ...]:
    def count(table: Any) -> Any:
        return select(func.count()).select_from(table).scalar_subquery()

    row = (
        await uow.session.execute(
            select(
                count(Practice),
                select(func.max(Practice.updated_at)).scalar_subquery(),
                count(Partner),
                select(func.max(Partner.updated_at)).scalar_subquery(),
                count(partner_objectives),
                count(AgroClimaticZone),
                count(Region),
                count(StrategicObjective),
            )
        )
    ).one()
    return tuple(row)


def _since(model: Any, mark: tuple[datetime, int] | None) -> Any:
    query = select(model).order_by(model.updated_at, model.id)
    if mark is None:
        return query
    at, after = mark
    return query.where((model.updated_at > at) | ((model.updated_at == at) & (model.id > after)))


def _practice_changes(rows: list[Practice], changes: Changes) -> None:
    for p in rows:
        if p.status == PublicationStatus.PUBLISHED:
            changes.practices.append((to_practice_entry(p), p.synonyms, p.description, p.results))
        else:
            changes.removed_practices.add(p.id)


def _last(rows: list[Any], mark: tuple[datetime, int] | None) -> tuple[datetime, int] | None:
    return (rows[-1].updated_at, rows[-1].id) if rows else mark


async def _changes(
    uow: UnitOfWork, live: _Live, version: tuple[Any, ...], most: int = INLINE_CHANGES
) -> tuple[Changes, Seen, bool]:
    """Up to `most` rows changed since `live` last looked, oldest first, and whether that is all.

    A few short queries; deletions (which leave no row) are found by comparing ids, only when
    the row counts say something is missing.
    """
    session, current = uow.session, live.catalog
    links = int(version[5])
    partners_mark = live.seen.partners if links == live.seen.links else None
    practice_rows = list(
        (await session.scalars(_since(Practice, live.seen.practices).limit(most))).all()
    )
    partner_rows = list((await session.scalars(_since(Partner, partners_mark).limit(most))).all())
    changes = Changes()
    _practice_changes(practice_rows, changes)
    changes.partners = [(to_partner_entry(p), p.card) for p in partner_rows]
    seen = Seen(
        _last(practice_rows, live.seen.practices), _last(partner_rows, partners_mark), links
    )
    complete = len(practice_rows) < most and len(partner_rows) < most
    if not complete:
        return changes, seen, False
    published = {e[0].id for e in changes.practices}
    expected = len(set(current.practices) | published) - len(
        changes.removed_practices & set(current.practices)
    )
    if int(version[1]) != expected:  # drafts, deletions: compare the ids
        ids = select(Practice.id).where(Practice.status == PublicationStatus.PUBLISHED)
        changes.removed_practices |= (set(current.practices) | published) - set(
            (await session.scalars(ids)).all()
        )
    if int(version[3]) != len(set(current.partners) | {e[0].id for e in changes.partners}):
        every = set((await session.scalars(select(Partner.id))).all())
        changes.removed_partners |= set(current.partners) - every
    return changes, seen, True


async def _catch_up(uow: UnitOfWork, live: _Live) -> None:
    """Apply a large batch of changes chunk by chunk, each read in its own short transaction."""
    try:
        while True:
            async with uow.another() as fresh:
                version = (_current_generation, *await _version(fresh))
                changes, seen, complete = await _changes(fresh, live, version, most=CHUNK)
            for part in changes.split(STEP):
                await asyncio.to_thread(live.catalog.apply, part)
                await asyncio.sleep(PAUSE)  # the loop's own work gets the interpreter too
            del changes
            live.seen = seen
            _settle()
            if complete:
                live.version = live.catalog.version = version
                return
    except Exception:
        log.exception("catalog_catch_up_failed")


def _settle() -> None:
    """Keep the indexed entries out of later garbage collections.

    A full collection walks every live object, and a large catalog made those walks stall the
    event loop for most of a second; the entries live as long as the catalog, so they are
    frozen (after a young collection, so that no fresh garbage is frozen with them).
    """
    gc.collect(1)
    gc.freeze()


async def _refill(uow: UnitOfWork, engine: Engine, fresh: _Live) -> None:
    """Build a whole new catalog in the background (the reference tables changed), then swap."""
    await _catch_up(uow, fresh)
    if fresh.version[0] is not None:
        _LIVE[engine] = fresh


async def load_reference(uow: UnitOfWork) -> Reference:
    session = uow.session
    zones = (await session.scalars(select(AgroClimaticZone))).all()
    regions = (await session.scalars(select(Region))).all()
    objectives = (await session.scalars(select(StrategicObjective))).all()
    return Reference(
        {z.code: z.names or {} for z in zones},
        {r.code: r.names or {} for r in regions},
        {o.code: o.names or {} for o in objectives},
    )


async def build_catalog(uow: UnitOfWork, version: object = None) -> Catalog:
    """Read every published practice and every partner into a new catalog (tools, tests)."""
    built = Catalog(await load_reference(uow), version)
    changes = Changes()
    for p in await uow.session.scalars(
        select(Practice).where(Practice.status == PublicationStatus.PUBLISHED)
    ):
        changes.practices.append((to_practice_entry(p), p.synonyms, p.description, p.results))
    changes.partners = [
        (to_partner_entry(p), p.card) for p in await uow.session.scalars(select(Partner))
    ]
    await asyncio.to_thread(built.apply, changes)
    return built


def to_practice_entry(practice: Practice) -> PracticeEntry:
    return PracticeEntry(
        practice.id,
        practice.slug,
        practice.category,
        {k: str(v) for k, v in (practice.names or {}).items() if v},
        tuple(practice.zones or ()),
        tuple(practice.regions or ()),
    )


def to_partner_entry(partner: Partner) -> PartnerEntry:
    return PartnerEntry(
        partner.id,
        partner.name,
        partner.acronym,
        partner.category,
        partner.college,
        partner.is_member,
        partner.country,
        partner.region_code,
        partner.latitude,
        partner.longitude,
        tuple(sorted(o.code for o in partner.objectives)),
    )


QUICK_CONFIDENCE = 0.85  # plain text is taken as a search only when it is nearly a name


@dataclass(frozen=True)
class QuickResults:
    practices: list[PracticeEntry]
    partners: list[PartnerEntry]


async def quick_search(text: str, uow: UnitOfWork, *, limit: int = 3) -> QuickResults | None:
    """The best practices and partners for a plain message, or None if nothing fits well."""
    current = await catalog(uow)
    practice_hits = current.search_practices(text, limit=limit)
    partner_hits = current.search_partners(text, limit=limit)
    best = max((hit.name_match for hit in (*practice_hits, *partner_hits)), default=0.0)
    if best < QUICK_CONFIDENCE:
        return None
    floor = best * 0.75
    practices, partners = current.practices, current.partners
    return QuickResults(
        [practices[h.ref] for h in practice_hits if h.name_match >= floor and h.ref in practices],
        [partners[h.ref] for h in partner_hits if h.name_match >= floor and h.ref in partners],
    )
