"""The search catalog of a database, kept in memory and rebuilt when the data changes.

Each use asks the database for a cheap version (row counts and the latest update of practices,
partners, their objectives and the reference tables); a different version rebuilds the catalog.
Services that write also call `invalidate()`, so a change made here is seen at once.
"""

from __future__ import annotations

import asyncio
import itertools
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from core.domain.catalog import PublicationStatus
from core.persistence.models import (
    AgroClimaticZone,
    Partner,
    Practice,
    Region,
    StrategicObjective,
    partner_objectives,
)
from core.persistence.uow import UnitOfWork
from core.search.catalog import Catalog, PartnerEntry, PracticeEntry, Reference

_CATALOGS: weakref.WeakKeyDictionary[Engine, Catalog] = weakref.WeakKeyDictionary()
_generation = itertools.count()
_current_generation = next(_generation)


def invalidate() -> None:
    """Forget every catalog built so far (call after writing partners or practices)."""
    global _current_generation
    _current_generation = next(_generation)


async def catalog(uow: UnitOfWork) -> Catalog:
    """The catalog of the database behind `uow`, rebuilt if its data changed."""
    engine = uow.session.get_bind()
    assert isinstance(engine, Engine)
    version = (_current_generation, *await _version(uow))
    cached = _CATALOGS.get(engine)
    if cached is not None and cached.version == version:
        return cached
    built = await build_catalog(uow, version)
    _CATALOGS[engine] = built
    return built


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
    """Read every published practice and every partner into a new catalog."""
    reference = await load_reference(uow)
    practices = [
        (to_practice_entry(p), p.synonyms, p.description)
        for p in await uow.session.scalars(
            select(Practice)
            .where(Practice.status == PublicationStatus.PUBLISHED)
            .order_by(Practice.id)
        )
    ]
    partners = [
        (to_partner_entry(p), p.card)
        for p in await uow.session.scalars(select(Partner).order_by(Partner.id))
    ]

    def index() -> Catalog:
        built = Catalog(reference, version)
        for entry, synonyms, description in practices:
            built.add_practice(entry, synonyms, description)
        for partner_entry, card in partners:
            built.add_partner(partner_entry, card)
        return built

    # Indexing is CPU work (seconds for tens of thousands of items): off the event loop, so
    # the bot keeps answering while a large catalog is rebuilt.
    return await asyncio.to_thread(index)


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


QUICK_CONFIDENCE = 0.85  # plain text is taken as a search only above this score


@dataclass(frozen=True)
class QuickResults:
    practices: list[PracticeEntry]
    partners: list[PartnerEntry]


async def quick_search(text: str, uow: UnitOfWork, *, limit: int = 3) -> QuickResults | None:
    """The best practices and partners for a plain message, or None if nothing fits well."""
    current = await catalog(uow)
    practice_hits = current.search_practices(text, limit=limit)
    partner_hits = current.search_partners(text, limit=limit)
    best = max((hit.score for hit in (*practice_hits, *partner_hits)), default=0.0)
    if best < QUICK_CONFIDENCE:
        return None
    floor = best * 0.75
    return QuickResults(
        [current.practices[h.ref] for h in practice_hits if h.score >= floor],
        [current.partners[h.ref] for h in partner_hits if h.score >= floor],
    )
