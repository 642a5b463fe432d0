"""Finding practices: search with filters, a practice sheet, comparable conditions elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import select

from core.domain.errors import N_, InvalidInput
from core.domain.kinds import PublicationStatus
from core.i18n import LANGUAGES, gettext
from core.persistence.lookups import one_or_not_found
from core.persistence.models import Practice
from core.persistence.uow import UnitOfWork
from core.search.catalog_index import Catalog, PracticeEntry, name_of
from core.search.index import SearchIndex
from core.search.vocabulary import PRACTICE_CATEGORIES, continent_of
from core.services.directory_views import PracticeSheet, practice_sheet
from core.services.live_catalog import catalog
from core.services.lookup import MAX_RESULTS, Page, check_query, page_of

_FILTER = re.compile(r"(?<!\S)([^\s:]+):(\S+)")
FILTER_KEYS = {
    "zone": "zone", "zona": "zone",
    "region": "region", "région": "region", "región": "region",
    "category": "category", "catégorie": "category", "categorie": "category",
    "categoría": "category", "categoria": "category",
}  # fmt: skip


@dataclass(frozen=True)
class PracticeFilters:
    zone: str | None = None
    region: str | None = None
    category: str | None = None

    def __bool__(self) -> bool:
        return bool(self.zone or self.region or self.category)

    def accepts(self, entry: PracticeEntry) -> bool:
        return (
            (self.zone is None or self.zone in entry.zones)
            and (self.region is None or self.region in entry.regions)
            and (self.category is None or self.category == entry.category)
        )


def _resolver(table: dict[str, dict[str, str]]) -> SearchIndex[str]:
    index: SearchIndex[str] = SearchIndex()
    for code, names in table.items():
        texts = [code, *names.values()]
        index.add(code, ((text, 1.0) for text in texts), texts)
    return index


def resolve(kind: str, value: str, current: Catalog) -> str:
    """The zone, region or category code that `value` names (code or name, any language)."""
    tables = {
        "zone": current.reference.zones,
        "region": current.reference.regions,
        "category": {
            code: {lang: gettext(lang, msgid) for lang in LANGUAGES}
            for code, msgid in PRACTICE_CATEGORIES.items()
        },
    }
    table = tables[kind]
    if value in table:
        return value
    hits = _resolver(table).search(value.replace("-", " "), limit=1)
    if hits and hits[0].score >= 0.75:
        return hits[0].ref
    raise InvalidInput(_UNKNOWN[kind], value=value[:40], choices=", ".join(sorted(table)))


_UNKNOWN = {
    "zone": N_("Unknown zone {value}. Choose one of: {choices}."),
    "region": N_("Unknown region {value}. Choose one of: {choices}."),
    "category": N_("Unknown category {value}. Choose one of: {choices}."),
}


async def parse_query(text: str, uow: UnitOfWork) -> tuple[str, PracticeFilters]:
    """Split `zone:semi-arid agroforestry` into words and filters (resolved to codes)."""
    text = check_query(text)
    current = await catalog(uow)
    filters = PracticeFilters()
    for key, value in _FILTER.findall(text):
        kind = FILTER_KEYS.get(key.lower())
        if kind is not None:
            filters = replace(filters, **{kind: resolve(kind, value, current)})
    words = _FILTER.sub(lambda m: "" if m.group(1).lower() in FILTER_KEYS else m.group(0), text)
    return " ".join(words.split()), filters


async def search_practices(
    words: str, filters: PracticeFilters, page: int, language: str, uow: UnitOfWork
) -> Page[PracticeEntry]:
    """Practices for `words` (a question or names, any language, typos tolerated) and `filters`.

    Ranked by how well they match; when none matches every meaningful word, the page holds the
    best partial matches and says so (`partial`).

    Args:
        words: the search words; empty lists every practice the filters keep, by name.
        filters: zone, region and category codes (None: any).
        page: which page of results, from 0.
        language: the reader's language, to sort a plain listing by name.
        uow: the open unit of work.
    """
    words = check_query(words)
    current = await catalog(uow)
    accept = filters.accepts if filters else None
    if not words:
        listed = [e for e in current.practices.values() if accept is None or accept(e)]
        listed.sort(key=lambda e: name_of(e.names, language, e.slug).casefold())
        return page_of(listed, page)
    result = current.find_practices(words, limit=MAX_RESULTS, accept=accept)
    entries = current.practices
    found = [entries[hit.ref] for hit in result.hits if hit.ref in entries]
    return page_of(found, page, partial=result.partial)


async def get_practice(practice_id: int, uow: UnitOfWork) -> PracticeSheet:
    """A published practice sheet, or NotFound."""
    query = select(Practice).where(
        Practice.id == practice_id, Practice.status == PublicationStatus.PUBLISHED
    )
    message = N_("This practice is not available any more.")
    return practice_sheet(await one_or_not_found(uow, query, message))


@dataclass(frozen=True)
class Comparable:
    entry: PracticeEntry
    elsewhere: tuple[str, ...]  # region codes on other continents


async def comparable_practices(
    zone: str, home_region: str | None, uow: UnitOfWork
) -> list[Comparable]:
    """Practices of `zone` used on another continent than `home_region` (any, if None)."""
    current = await catalog(uow)
    home = continent_of(home_region)
    found = []
    for entry in current.practices.values():
        if zone not in entry.zones:
            continue
        elsewhere = tuple(r for r in entry.regions if home is None or continent_of(r) != home)
        if elsewhere:
            found.append(Comparable(entry, elsewhere))
    found.sort(key=lambda c: (-len(c.elsewhere), c.entry.slug))
    return found
