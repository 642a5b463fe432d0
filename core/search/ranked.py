"""A ranked, incrementally updated index on tantivy: BM25 over stems, typo-tolerant names.

Each document has its names folded as typed (for exact, prefix and fuzzy matching), its names
stemmed per language (a strong signal) and everything else it says stemmed per language. A
query word matches its own stem in each language, so a French question finds a practice
described in French even when it is named in English. Updates go through one writer and become
visible at `commit` (milliseconds); searches read the last committed state, never a half one.

An index may live in a directory: it then outlives the process (a restart reopens it instead of
indexing everything again) and tantivy's writer lock keeps a second process from writing to it
(`IndexBusy`). Documents are keyed by their reference (a number), so replaying a change that is
already indexed changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Generic, TypeVar, cast

import tantivy
from rapidfuzz import fuzz, process

from core.search.analysis import LANGS, stem, stems, words
from core.search.text import MAX_QUERY_TOKENS, fold

K = TypeVar("K", bound=int)

NAME, TITLE, BODY, NAMES = "name", "title", "body", "names"
_SEPARATOR = "\x1f"  # between the folded names kept with each document
SHORTLIST = 40
MIN_WORD_WEIGHT = 0.15
NOISE_SHARE = 0.2  # hits scoring under this share of the best one are noise
COVERAGE_SHARE = 0.9  # a document matching half the query's words keeps 55% of its score
PHRASE_SHARE = 0.25  # how much the whole-name similarity weighs against BM25
WRITER_HEAP = 15_000_000
NAME_BOOST, TITLE_BOOST = 1.5, 1.0  # names count a little more than descriptions


@dataclass(frozen=True)
class Hit(Generic[K]):
    ref: K
    score: float  # 0..1, relative to the best hit
    name_match: float = 0.0  # 0..1, how closely the query is one of its names


@dataclass(frozen=True)
class Found(Generic[K]):
    hits: list[Hit[K]]
    partial: bool  # no hit matches every meaningful word of the query


@dataclass(frozen=True)
class Document:
    names: tuple[str, ...]  # names, synonyms, acronyms (any language)
    titles: dict[str, list[str]]  # language -> names in that language
    texts: dict[str, list[str]]  # language -> everything else it says in that language


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", stored=False, indexed=True, fast=True)
    builder.add_bytes_field(NAMES, stored=True, indexed=False, fast=False)
    builder.add_text_field(NAME, tokenizer_name="default", index_option="freq")
    for lang in LANGS:
        builder.add_text_field(f"{TITLE}_{lang}", tokenizer_name="default", index_option="freq")
        builder.add_text_field(f"{BODY}_{lang}", tokenizer_name="default", index_option="freq")
    return builder.build()


def _likeness(query: str, name: str, **kwargs: object) -> float:
    """How closely `query` is `name`: WRatio, but whole-word ratio for short names (acronyms)."""
    if len(name) < 5:
        return float(fuzz.ratio(query, name)) if len(query) < 8 else 0.0
    return float(fuzz.WRatio(query, name))


def _joined(folded: list[str]) -> list[str]:
    return [a + b for a, b in pairwise(folded) if len(a) + len(b) >= 5]


class IndexBusy(RuntimeError):
    """Another process writes to this index directory (it holds tantivy's writer lock)."""


class RankedIndex(Generic[K]):
    """Add, replace or remove documents by key, `commit` to publish, `search` any time."""

    def __init__(self, directory: Path | None = None) -> None:
        self._schema = _schema()
        if directory is None:
            self._index = tantivy.Index(self._schema)
        else:
            directory.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self._schema, path=str(directory), reuse=True)
        try:
            self._writer = self._index.writer(WRITER_HEAP, 1)
        except ValueError as exc:  # tantivy's LockBusy: another process writes here
            raise IndexBusy(str(directory)) from exc
        self._lock = threading.Lock()  # one writer at a time
        self._index.reload()
        self._searcher = self._index.searcher()

    def __len__(self) -> int:
        return int(self._searcher.num_docs)

    def put(self, ref: K, document: Document) -> None:
        """Add or replace the document of `ref` (visible after `commit`)."""
        folded = [w for n in document.names for w in fold(n).split()]
        row = tantivy.Document()
        row.add_unsigned("doc", int(ref))
        names = dict.fromkeys(f for n in document.names if (f := fold(n)))
        row.add_bytes(NAMES, _SEPARATOR.join(names).encode())
        row.add_text(NAME, " ".join([*folded, *_joined(folded)]))
        for lang in LANGS:  # each field analysed in one go (the same words as text by text)
            row.add_text(f"{TITLE}_{lang}", stems(" ".join(document.titles.get(lang, ())), lang))
            row.add_text(f"{BODY}_{lang}", stems(" ".join(document.texts.get(lang, ())), lang))
        with self._lock:
            self._writer.delete_documents_by_term("doc", int(ref))  # its previous version
            self._writer.add_document(row)

    def remove(self, ref: K) -> None:
        with self._lock:
            self._writer.delete_documents_by_term("doc", int(ref))

    def clear(self) -> None:
        """Forget every document (visible after `commit`)."""
        with self._lock:
            self._writer.delete_all_documents()

    def commit(self) -> None:
        """Publish every change so far; searches then see all of them at once."""
        with self._lock:
            self._writer.commit()
            self._index.reload()
            self._searcher = self._index.searcher()

    def close(self) -> None:
        """Let another index (another process) write to this directory."""
        with self._lock:
            self._writer.wait_merging_threads()  # the writer is spent: its lock is released
            del self._writer

    def search(
        self, query: str, *, limit: int = 20, accept: Callable[[K], bool] | None = None
    ) -> Found[K]:
        """The best documents for `query`, best first, and whether they only match part of it."""
        folded = fold(query).split()[: MAX_QUERY_TOKENS * 2]
        meaningful = words(query)[:MAX_QUERY_TOKENS] or folded[:MAX_QUERY_TOKENS]
        searcher = self._searcher
        groups = [g for w in meaningful if (g := self._word_query(searcher, w)) is not None]
        for joined in _joined(meaningful):  # 'agro forestry' may mean 'agroforestry'
            if searcher.doc_freq(NAME, joined):
                groups.append((self._term(NAME, joined, NAME_BOOST * 2), 1.0))
        if not groups:
            return Found([], False)
        anything = tantivy.Query.boolean_query([(tantivy.Occur.Should, g) for g, _w in groups])
        wanted = max(SHORTLIST, limit) * (4 if accept else 1)
        result = searcher.search(anything, limit=wanted, count=False)
        numbers = self._numbers_of(searcher, [address for _s, address in result.hits])
        scored = [
            (score, number, address)
            for (score, address), number in zip(result.hits, numbers, strict=True)
            if accept is None or accept(cast(K, number))
        ][: max(SHORTLIST, limit)]
        if not scored:
            return Found([], False)
        coverage = self._coverage(searcher, groups, [number for _s, number, _a in scored])
        hits = self._second_pass(searcher, " ".join(folded), scored, coverage)
        every = tantivy.Query.boolean_query([(tantivy.Occur.Must, g) for g, _w in groups])
        partial = searcher.search(every, limit=1, count=True).count == 0  # type: ignore[attr-defined]
        if not hits:
            return Found([], False)
        floor = hits[0].score * NOISE_SHARE
        kept = [hit for hit in hits[:limit] if hit.score >= floor]
        return Found(kept, partial and len(groups) > 1)

    @staticmethod
    def _numbers_of(searcher: tantivy.Searcher, addresses: list[tantivy.DocAddress]) -> list[int]:
        return [int(n or 0) for n in searcher.fast_field_values("doc", addresses)]

    def _coverage(
        self,
        searcher: tantivy.Searcher,
        groups: list[tuple[tantivy.Query, float]],
        numbers: list[int],
    ) -> dict[int, float]:
        """For each shortlisted document, the share of the query's words (by weight) it matches."""
        if len(groups) == 1:
            return dict.fromkeys(numbers, 1.0)
        among = tantivy.Query.term_set_query(self._schema, "doc", numbers)
        total = sum(weight for _g, weight in groups)
        covered = dict.fromkeys(numbers, 0.0)
        for group, weight in groups:
            both = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, among), (tantivy.Occur.Must, group)]
            )
            found = searcher.search(both, limit=len(numbers), count=False)
            for number in self._numbers_of(searcher, [a for _s, a in found.hits]):
                if number in covered:
                    covered[number] += weight / total
        return covered

    def _term(self, field: str, text: str, boost: float) -> tantivy.Query:
        query = tantivy.Query.term_query(self._schema, field, text)
        return tantivy.Query.boost_query(query, boost)

    def _word_query(
        self, searcher: tantivy.Searcher, word: str
    ) -> tuple[tantivy.Query, float] | None:
        """Everything `word` may match: its stems, the name as typed, a name prefix or typo."""
        parts: list[tantivy.Query] = []
        spread = 0  # in how many documents' texts the word appears (in its most common language)
        for lang in LANGS:
            root = stem(word, lang)
            if searcher.doc_freq(f"{TITLE}_{lang}", root):
                parts.append(self._term(f"{TITLE}_{lang}", root, TITLE_BOOST))
            if used := searcher.doc_freq(f"{BODY}_{lang}", root):
                parts.append(self._term(f"{BODY}_{lang}", root, 1.0))
                spread = max(spread, used)
        exact = searcher.doc_freq(NAME, word) > 0
        if exact:
            parts.append(self._term(NAME, word, NAME_BOOST))
        if len(word) >= 4 and not parts:
            distance = 1 if len(word) <= 6 else 2
            fuzzy = tantivy.Query.fuzzy_term_query(self._schema, NAME, word, distance=distance)
            parts.append(tantivy.Query.boost_query(fuzzy, 1.5))
        if len(word) >= 3 and not exact:
            prefix = tantivy.Query.fuzzy_term_query(self._schema, NAME, word, 0, True, True)
            parts.append(tantivy.Query.boost_query(prefix, 1.0))
        if not parts:
            return None
        group = parts[0] if len(parts) == 1 else tantivy.Query.disjunction_max_query(parts, 0.3)
        # A word nearly every text uses ('soil') says little, even where it is also in a name.
        common = spread / max(1, searcher.num_docs)
        weight = max(MIN_WORD_WEIGHT, 1.0 - common)
        return tantivy.Query.boost_query(group, weight), weight

    def _second_pass(
        self,
        searcher: tantivy.Searcher,
        query: str,
        scored: list[tuple[float, int, tantivy.DocAddress]],
        coverage: dict[int, float],
    ) -> list[Hit[K]]:
        """Blend BM25 (relative to the best) with how closely the query is one of the names."""
        top = scored[0][0] or 1.0
        kept = [_names_of(searcher, address) for _s, _n, address in scored]
        names = [name for found in kept for name in found]
        row = [0.0] * len(names)
        for _name, ratio, position in process.extract(query, names, scorer=_likeness, limit=None):
            row[position] = ratio / 100.0
        hits: list[Hit[K]] = []
        position = 0
        for (score, number, _address), found in zip(scored, kept, strict=True):
            phrase = max(row[position : position + len(found)], default=0.0)
            position += len(found)
            relative = score / top * (1 - COVERAGE_SHARE + COVERAGE_SHARE * coverage[number])
            final = (1 - PHRASE_SHARE) * relative + PHRASE_SHARE * phrase * relative
            hits.append(Hit(cast(K, number), round(float(final), 4), round(phrase, 4)))
        hits.sort(key=lambda hit: -hit.score)
        return hits


def _names_of(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> list[str]:
    kept = searcher.doc(address).get_first(NAMES)
    text = bytes(kept).decode() if kept else ""
    return text.split(_SEPARATOR) if text else []
