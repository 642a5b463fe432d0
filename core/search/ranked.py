"""A ranked, incrementally updated index on tantivy: BM25 over stems, typo-tolerant names.

Each document has its names folded as typed (for exact, prefix and fuzzy matching), its names
stemmed per language (a strong signal) and everything else it says stemmed per language. A
query word matches its own stem in each language, so a French question finds a practice
described in French even when it is named in English. Updates go through one writer and become
visible at `commit` (milliseconds); searches read the last committed state, never a half one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import pairwise
from typing import Generic, TypeVar

import tantivy
from rapidfuzz import fuzz, process

from core.search.analysis import LANGS, stem, stems, words
from core.search.text import MAX_QUERY_TOKENS, fold

K = TypeVar("K", bound=Hashable)

NAME, TITLE, BODY = "name", "title", "body"
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


class RankedIndex(Generic[K]):
    """Add, replace or remove documents by key, `commit` to publish, `search` any time."""

    def __init__(self) -> None:
        self._schema = _schema()
        self._index = tantivy.Index(self._schema)
        self._writer = self._index.writer(WRITER_HEAP, 1)
        self._lock = threading.Lock()  # one writer at a time
        self._numbers: dict[K, int] = {}
        self._refs: dict[int, K] = {}
        self._names: dict[int, tuple[str, ...]] = {}
        self._retired: list[int] = []  # replaced numbers, still visible until the next commit
        self._next = 1
        self._searcher = self._index.searcher()

    def __len__(self) -> int:
        return len(self._numbers)

    def put(self, ref: K, document: Document) -> None:
        """Add or replace the document of `ref` (visible after `commit`)."""
        with self._lock:
            self._delete(ref)
            number = self._next
            self._next += 1
            folded = [w for n in document.names for w in fold(n).split()]
            row = tantivy.Document()
            row.add_unsigned("doc", number)
            row.add_text(NAME, " ".join([*folded, *_joined(folded)]))
            for lang in LANGS:  # each field analysed in one go (the same words as text by text)
                row.add_text(
                    f"{TITLE}_{lang}", stems(" ".join(document.titles.get(lang, ())), lang)
                )
                row.add_text(f"{BODY}_{lang}", stems(" ".join(document.texts.get(lang, ())), lang))
            self._writer.add_document(row)
            self._numbers[ref] = number
            self._refs[number] = ref
            self._names[number] = tuple(dict.fromkeys(f for n in document.names if (f := fold(n))))

    def remove(self, ref: K) -> None:
        with self._lock:
            self._delete(ref)

    def _delete(self, ref: K) -> None:
        number = self._numbers.pop(ref, None)
        if number is not None:
            self._writer.delete_documents_by_term("doc", number)
            self._retired.append(number)

    def commit(self) -> None:
        """Publish every change so far; searches then see all of them at once."""
        with self._lock:
            self._writer.commit()
            self._index.reload()
            self._searcher = self._index.searcher()
            for number in self._retired:
                self._refs.pop(number, None)
                self._names.pop(number, None)
            self._retired.clear()

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
            (score, number)
            for (score, _a), number in zip(result.hits, numbers, strict=True)
            if number in self._refs and (accept is None or accept(self._refs[number]))
        ][: max(SHORTLIST, limit)]
        if not scored:
            return Found([], False)
        coverage = self._coverage(searcher, groups, [number for _s, number in scored])
        hits = self._second_pass(" ".join(folded), scored, coverage)
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
        self, query: str, scored: list[tuple[float, int]], coverage: dict[int, float]
    ) -> list[Hit[K]]:
        """Blend BM25 (relative to the best) with how closely the query is one of the names."""
        top = scored[0][0] or 1.0
        names = [name for _s, number in scored for name in self._names.get(number, ())]
        row = [0.0] * len(names)
        for _name, ratio, position in process.extract(query, names, scorer=_likeness, limit=None):
            row[position] = ratio / 100.0
        hits: list[Hit[K]] = []
        position = 0
        for score, number in scored:
            count = len(self._names.get(number, ()))
            phrase = max(row[position : position + count], default=0.0)
            position += count
            relative = score / top * (1 - COVERAGE_SHARE + COVERAGE_SHARE * coverage[number])
            final = (1 - PHRASE_SHARE) * relative + PHRASE_SHARE * phrase * relative
            if (ref := self._refs.get(number)) is not None:
                hits.append(Hit(ref, round(float(final), 4), round(phrase, 4)))
        hits.sort(key=lambda hit: -hit.score)
        return hits
