"""The searchable catalog: light entries for practices and partners, and their two indexes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.i18n import LANGUAGES, gettext
from core.search.analysis import LANGS
from core.search.handover import hand_over
from core.search.places import country_names
from core.search.ranked import Document, Found, Hit, RankedIndex
from core.search.vocabulary import COLLEGES, PARTNER_CATEGORIES, PRACTICE_CATEGORIES

Names = dict[str, str]


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


PracticeRow = tuple[PracticeEntry, dict[str, Any], dict[str, Any], dict[str, Any]]
PartnerRow = tuple[PartnerEntry, dict[str, Any]]


@dataclass
class Changes:
    """What changed in the database since the catalog last looked."""

    practices: list[PracticeRow] = field(default_factory=list)
    partners: list[PartnerRow] = field(default_factory=list)
    removed_practices: set[int] = field(default_factory=set)
    removed_partners: set[int] = field(default_factory=set)

    def split(self, size: int) -> list[Changes]:
        """The same changes in parts of at most `size` rows (removals in the last part)."""
        parts = [
            Changes(self.practices[i : i + size], []) for i in range(0, len(self.practices), size)
        ]
        parts += [
            Changes([], self.partners[i : i + size]) for i in range(0, len(self.partners), size)
        ]
        parts.append(Changes([], [], self.removed_practices, self.removed_partners))
        return parts

    def __len__(self) -> int:
        return (
            len(self.practices)
            + len(self.partners)
            + len(self.removed_practices)
            + len(self.removed_partners)
        )


def _by_language(*tables: dict[str, Any] | None) -> dict[str, list[str]]:
    """{'fr': [...], ...} from tables of {language: text or list of texts}."""
    found: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for table in tables:
        for lang, value in (table or {}).items():
            if lang not in found:
                continue
            values = value if isinstance(value, list) else [value]
            found[lang] += [str(v) for v in values if isinstance(v, str) and v]
    return found


def _labels(msgid: str | None) -> dict[str, str]:
    return {lang: gettext(lang, msgid) for lang in LANGUAGES} if msgid else {}


class Catalog:
    """Light entries for the lists and two ranked indexes, changed item by item.

    `add_*` and `remove_*` stage changes; `commit` publishes them at once, so a search sees
    either the catalog before or after a batch of changes, never half of it. With a `directory`
    the two indexes live on disk and outlive the process (`IndexBusy` if another process
    writes there); the entries are then given back by whoever saved them (`restore`).
    """

    def __init__(
        self, reference: Reference, version: object = None, directory: Path | None = None
    ) -> None:
        self.reference = reference
        self.version = version
        self.directory = directory
        self.practices: dict[int, PracticeEntry] = {}
        self.partners: dict[int, PartnerEntry] = {}
        self._practice_index: RankedIndex[int] = RankedIndex(_under(directory, "practices"))
        try:
            self._partner_index: RankedIndex[int] = RankedIndex(_under(directory, "partners"))
        except BaseException:
            self._practice_index.close()
            raise

    def restore(
        self, practices: dict[int, PracticeEntry], partners: dict[int, PartnerEntry]
    ) -> None:
        """Take back the entries of the documents already in the indexes (a saved catalog)."""
        self.practices, self.partners = practices, partners

    def indexed(self) -> int:
        """Documents in the indexes (their entries may not be here yet)."""
        return len(self._practice_index) + len(self._partner_index)

    def clear(self) -> None:
        """Forget everything (a saved index of something else): empty, published at once."""
        self._practice_index.clear()
        self._partner_index.clear()
        self.practices, self.partners = {}, {}
        self.commit()

    def close(self) -> None:
        """Release the indexes' directory to another catalog (a restart in the same process)."""
        self._practice_index.close()
        self._partner_index.close()

    def apply(self, changes: Changes, *, publish: bool = True) -> None:
        """Index a batch of changes and publish it at once (call off the event loop).

        `publish=False` leaves them for a later `commit` (a commit on disk costs a few ms).
        Between documents it hands the interpreter over to the other threads (handover).

        The entry tables are replaced, not changed in place, so a reader iterating over them
        on another thread never sees them change under it.
        """
        practices, partners = dict(self.practices), dict(self.partners)
        for entry, synonyms, description, results in changes.practices:
            self._put_practice(entry, synonyms, description, results)
            practices[entry.id] = entry
            hand_over()
        for partner, card in changes.partners:
            self._put_partner(partner, card)
            partners[partner.id] = partner
            hand_over()
        for practice_id in changes.removed_practices:
            self._practice_index.remove(practice_id)
            practices.pop(practice_id, None)
        for partner_id in changes.removed_partners:
            self._partner_index.remove(partner_id)
            partners.pop(partner_id, None)
        self.practices, self.partners = practices, partners
        if publish:
            self.commit()

    def add_practice(
        self,
        entry: PracticeEntry,
        synonyms: dict[str, Any],
        description: dict[str, Any],
        results: dict[str, Any] | None = None,
    ) -> None:
        """Add or replace a practice (searchable after `commit`)."""
        self._put_practice(entry, synonyms, description, results)
        self.practices[entry.id] = entry

    def _put_practice(
        self,
        entry: PracticeEntry,
        synonyms: dict[str, Any],
        description: dict[str, Any],
        results: dict[str, Any] | None,
    ) -> None:
        reference = self.reference
        titles = _by_language(entry.names, synonyms)
        texts = _by_language(
            description,
            results,
            _labels(PRACTICE_CATEGORIES.get(entry.category)),
            *(reference.zones.get(code) for code in entry.zones),
            *(reference.regions.get(code) for code in entry.regions),
        )
        names = [name for values in titles.values() for name in values]
        self._practice_index.put(entry.id, Document(tuple(names), titles, texts))

    def add_partner(self, entry: PartnerEntry, card: dict[str, Any]) -> None:
        """Add or replace a partner (searchable after `commit`)."""
        self._put_partner(entry, card)
        self.partners[entry.id] = entry

    def _put_partner(self, entry: PartnerEntry, card: dict[str, Any]) -> None:
        reference = self.reference
        names = [entry.name, *([entry.acronym] if entry.acronym else []), *entry.objectives]
        titles = {lang: [entry.name] for lang in LANGS}
        texts = _by_language(
            card,
            _labels(PARTNER_CATEGORIES.get(entry.category)),
            _labels(COLLEGES.get(entry.college or 0)),
            country_names(entry.country),
            reference.regions.get(entry.region or ""),
            *(reference.objectives.get(code) for code in entry.objectives),
        )
        self._partner_index.put(entry.id, Document(tuple(names), titles, texts))

    def commit(self) -> Catalog:
        """Publish the staged changes to searches (milliseconds)."""
        self._practice_index.commit()
        self._partner_index.commit()
        return self

    def find_practices(
        self, query: str, *, limit: int = 50, accept: Callable[[PracticeEntry], bool] | None = None
    ) -> Found[int]:
        practices = self.practices  # a document indexed with no entry here is not ours yet

        def keep(ref: int) -> bool:
            entry = practices.get(ref)
            return entry is not None and (accept is None or accept(entry))

        return self._practice_index.search(query, limit=limit, accept=keep)

    def find_partners(
        self, query: str, *, limit: int = 50, accept: Callable[[PartnerEntry], bool] | None = None
    ) -> Found[int]:
        partners = self.partners

        def keep(ref: int) -> bool:
            entry = partners.get(ref)
            return entry is not None and (accept is None or accept(entry))

        return self._partner_index.search(query, limit=limit, accept=keep)

    def search_practices(
        self, query: str, *, limit: int = 50, accept: Callable[[PracticeEntry], bool] | None = None
    ) -> list[Hit[int]]:
        return self.find_practices(query, limit=limit, accept=accept).hits

    def search_partners(
        self, query: str, *, limit: int = 50, accept: Callable[[PartnerEntry], bool] | None = None
    ) -> list[Hit[int]]:
        return self.find_partners(query, limit=limit, accept=accept).hits


def _under(directory: Path | None, name: str) -> Path | None:
    return None if directory is None else directory / name


def name_of(names: Names | None, language: str, default: str = "") -> str:
    """The name in `language`, else in any language we have."""
    names = names or {}
    found = names.get(language) or next((names[x] for x in LANGUAGES if names.get(x)), "")
    return str(found or default)
