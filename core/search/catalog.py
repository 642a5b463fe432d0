"""The searchable catalog: light entries for practices and partners, and their two indexes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.i18n import LANGUAGES, gettext
from core.search.index import Hit, SearchIndex
from core.search.places import country_names
from core.search.vocabulary import COLLEGES, PARTNER_CATEGORIES, PRACTICE_CATEGORIES

Names = dict[str, str]

# Weights of each kind of text: a name counts fully, a description only a little.
NAME, SYNONYM, LABEL, PLACE, CODE, CONTEXT, TEXT = 1.0, 0.9, 0.6, 0.9, 0.95, 0.5, 0.3


@dataclass(frozen=True)
class PracticeEntry:
    id: int
    slug: str
    category: str
    names: Names
    zones: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerEntry:
    id: int
    name: str
    acronym: str | None
    category: str
    college: int | None
    is_member: bool
    country: str | None
    region: str | None
    latitude: float | None
    longitude: float | None
    objectives: tuple[str, ...] = ()


@dataclass
class Reference:
    """Names of zones, regions and strategic objectives, by code."""

    zones: dict[str, Names] = field(default_factory=dict)
    regions: dict[str, Names] = field(default_factory=dict)
    objectives: dict[str, Names] = field(default_factory=dict)


def _label(msgid: str | None) -> list[str]:
    return [gettext(lang, msgid) for lang in LANGUAGES] if msgid else []


def _texts(values: dict[str, Any] | None) -> list[str]:
    return [str(v) for v in (values or {}).values() if isinstance(v, str) and v]


class Catalog:
    """Built once from the database; replaced (not changed) when the data changes."""

    def __init__(self, reference: Reference, version: object = None) -> None:
        self.reference = reference
        self.version = version
        self.practices: dict[int, PracticeEntry] = {}
        self.partners: dict[int, PartnerEntry] = {}
        self._practice_index: SearchIndex[int] = SearchIndex()
        self._partner_index: SearchIndex[int] = SearchIndex()

    def add_practice(
        self, entry: PracticeEntry, synonyms: dict[str, Any], description: dict[str, Any]
    ) -> None:
        names = _texts(entry.names)
        synonym_list = [str(s) for values in synonyms.values() for s in values or () if s]
        fields = [(n, NAME) for n in names] + [(s, SYNONYM) for s in synonym_list]
        fields += [(x, LABEL) for x in _label(PRACTICE_CATEGORIES.get(entry.category))]
        for code in entry.zones:
            fields += [(x, CONTEXT) for x in _texts(self.reference.zones.get(code))]
        for code in entry.regions:
            fields += [(x, CONTEXT) for x in _texts(self.reference.regions.get(code))]
        fields += [(x, TEXT) for x in _texts(description)]
        self.practices[entry.id] = entry
        self._practice_index.add(entry.id, fields, [*names, *synonym_list])

    def add_partner(self, entry: PartnerEntry, card: dict[str, Any]) -> None:
        names = [entry.name, *([entry.acronym] if entry.acronym else [])]
        fields = [(n, NAME) for n in names]
        fields += [(x, LABEL) for x in _label(PARTNER_CATEGORIES.get(entry.category))]
        fields += [(x, LABEL) for x in _label(COLLEGES.get(entry.college or 0))]
        fields += [(x, PLACE) for x in country_names(entry.country).values()]
        fields += [(x, CONTEXT) for x in _texts(self.reference.regions.get(entry.region or ""))]
        for code in entry.objectives:
            fields.append((code, CODE))
            fields += [(x, CONTEXT) for x in _texts(self.reference.objectives.get(code))]
        fields += [(x, TEXT) for x in _texts(card)]
        self.partners[entry.id] = entry
        self._partner_index.add(entry.id, fields, names)

    def search_practices(
        self, query: str, *, limit: int = 50, accept: Callable[[PracticeEntry], bool] | None = None
    ) -> list[Hit[int]]:
        keep = None if accept is None else (lambda ref: accept(self.practices[ref]))
        return self._practice_index.search(query, limit=limit, accept=keep)

    def search_partners(
        self, query: str, *, limit: int = 50, accept: Callable[[PartnerEntry], bool] | None = None
    ) -> list[Hit[int]]:
        keep = None if accept is None else (lambda ref: accept(self.partners[ref]))
        return self._partner_index.search(query, limit=limit, accept=keep)


def name_of(names: Names | None, language: str, default: str = "") -> str:
    """The name in `language`, else in any language we have."""
    names = names or {}
    found = names.get(language) or next((names[x] for x in LANGUAGES if names.get(x)), "")
    return str(found or default)
