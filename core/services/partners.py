"""Finding partners: by words, near a place, and those that complete a set of objectives."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from core.domain.errors import N_, InvalidInput
from core.domain.geography import distance_km
from core.persistence.lookups import get_or_not_found
from core.persistence.models import Partner
from core.persistence.uow import UnitOfWork
from core.search.catalog_index import PartnerEntry
from core.search.places import Place
from core.services import place_lookup
from core.services.directory_views import PartnerCard, partner_card
from core.services.live_catalog import catalog
from core.services.lookup import MAX_RESULTS, Page, check_query, page_of

OBJECTIVE_CODE = re.compile(r"^[A-Fa-f][1-6]$")


async def search_partners(words: str, page: int, uow: UnitOfWork) -> Page[PartnerEntry]:
    """Partners by name, acronym, country, kind, objective or what they work on (typos ok).

    Args:
        words: the search words, in any of the three languages.
        page: which page of results, from 0.
        uow: the open unit of work.
    """
    words = check_query(words)
    if not words:
        return page_of([], 0)
    current = await catalog(uow)
    result = current.find_partners(words, limit=MAX_RESULTS)
    entries = current.partners
    found = [entries[hit.ref] for hit in result.hits if hit.ref in entries]
    return page_of(found, page, partial=result.partial)


async def get_partner(partner_id: int, uow: UnitOfWork) -> PartnerCard:
    """A partner of the directory, or NotFound."""
    message = N_("This partner is not in the directory any more.")
    return partner_card(await get_or_not_found(uow, Partner, partner_id, message))


async def locate(text: str) -> Place:
    """The country or town `text` names, or InvalidInput."""
    # Off the loop: the first read of the gazetteer takes most of a second.
    return await asyncio.to_thread(place_lookup.locate, text)


@dataclass(frozen=True)
class Nearby:
    entry: PartnerEntry
    km: float


async def partners_near(
    latitude: float, longitude: float, page: int, uow: UnitOfWork
) -> Page[Nearby]:
    """Partners with a location, nearest first, with their distance."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput(N_("This location is not on Earth."))
    current = await catalog(uow)
    found = [
        Nearby(e, distance_km(latitude, longitude, e.latitude, e.longitude))
        for e in current.partners.values()
        if e.latitude is not None and e.longitude is not None
    ]
    found.sort(key=lambda n: n.km)
    return page_of(found[:MAX_RESULTS], page)


@dataclass(frozen=True)
class Complement:
    entry: PartnerEntry
    adds: tuple[str, ...]  # objective codes this partner brings


@dataclass(frozen=True)
class Complementarity:
    covered: tuple[str, ...]
    suggestions: list[Complement]
    uncovered: tuple[str, ...]  # objectives nobody in the directory works on


async def complementary_partners(
    objectives: set[str], uow: UnitOfWork, *, exclude: int | None = None, most: int = 8
) -> Complementarity:
    """Partners that together cover the objectives not in `objectives` (a greedy set cover).

    Args:
        objectives: the codes already covered (a partner's own, or chosen by the reader).
        uow: the open unit of work.
        exclude: a partner id to leave out (the partner we complete).
        most: how many partners to suggest at most.
    """
    current = await catalog(uow)
    every = set(current.reference.objectives)
    unknown = sorted(code for code in objectives if code not in every)
    if unknown:
        raise InvalidInput(N_("Unknown strategic objective {codes}."), codes=", ".join(unknown))
    missing = every - objectives
    candidates = [e for e in current.partners.values() if e.id != exclude]
    suggestions: list[Complement] = []
    while missing and len(suggestions) < most:
        best = max(
            candidates, key=lambda e: (len(missing & set(e.objectives)), -e.id), default=None
        )
        if best is None or not missing & set(best.objectives):
            break
        adds = tuple(sorted(missing & set(best.objectives)))
        suggestions.append(Complement(best, adds))
        missing -= set(adds)
        candidates.remove(best)
    return Complementarity(tuple(sorted(objectives)), suggestions, tuple(sorted(missing)))


def objective_codes(text: str) -> set[str] | None:
    """{'B3', 'D2'} for 'b3 d2'; None when `text` is not only objective codes."""
    words = text.replace(",", " ").split()
    if words and all(OBJECTIVE_CODE.match(w) for w in words):
        return {w.upper() for w in words}
    return None
