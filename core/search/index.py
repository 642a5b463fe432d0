"""An in-memory search index: folded words -> documents, typo-tolerant, two passes.

First pass (cheap): each query word is matched against the vocabulary (exact, prefix, or a
rapidfuzz ratio over words of a similar length only), and documents are scored by how much of
the query they cover, rarer words counting more. Second pass (precise): the few best are
re-scored with rapidfuzz against their names, so whole-phrase matches come first.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from core.search.text import MAX_QUERY_TOKENS, fold, joined_pairs, tokens

K = TypeVar("K", bound=Hashable)

SHORTLIST = 40
PHRASE_SHARE = 0.2  # how much the second pass weighs in the final score


@dataclass(frozen=True)
class Hit(Generic[K]):
    ref: K
    score: float  # 0..1


class SearchIndex(Generic[K]):
    """Build with `add`, then `search`; an index is never changed once queried."""

    def __init__(self) -> None:
        self._refs: list[K] = []
        self._names: list[tuple[str, ...]] = []
        self._term_ids: dict[str, int] = {}
        self._postings: list[dict[int, float]] = []
        self._sorted_terms: list[str] | None = None
        self._by_length: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._refs)

    @property
    def refs(self) -> list[K]:
        return self._refs

    def add(self, ref: K, fields: Iterable[tuple[str, float]], names: Iterable[str]) -> None:
        """Index a document: weighted texts (1.0 = its name) and the names the second pass uses."""
        doc = len(self._refs)
        self._refs.append(ref)
        self._names.append(tuple(dict.fromkeys(f for n in names if (f := fold(n)))))
        for text, weight in fields:
            words = tokens(text)
            for term in (*words, *joined_pairs(words)):
                self._post(term, doc, weight)
        self._sorted_terms = None

    def _post(self, term: str, doc: int, weight: float) -> None:
        term_id = self._term_ids.get(term)
        if term_id is None:
            term_id = self._term_ids[term] = len(self._postings)
            self._postings.append({})
            self._by_length.setdefault(len(term), []).append(term)
        postings = self._postings[term_id]
        if postings.get(doc, 0.0) < weight:
            postings[doc] = weight

    def search(
        self, query: str, *, limit: int = 20, accept: Callable[[K], bool] | None = None
    ) -> list[Hit[K]]:
        """The best documents for `query`, best first (accept: keep only these refs)."""
        words = tokens(query)[:MAX_QUERY_TOKENS]
        if not words or not self._refs:
            return []
        scores = self._first_pass(words, accept)
        if not scores:
            return []
        shortlist = heapq.nlargest(max(SHORTLIST, limit), scores.items(), key=lambda kv: kv[1])
        return self._second_pass(" ".join(words), shortlist)[:limit]

    def _first_pass(self, words: list[str], accept: Callable[[K], bool] | None) -> dict[int, float]:
        groups = [self._matches(word) for word in words]
        for merged in joined_pairs(words):  # 'agro forestry' may mean 'agroforestry'
            if merged in self._term_ids:
                groups.append(self._matches(merged))
        total = 0.0
        scores: dict[int, float] = {}
        for matches in groups:
            if not matches:
                total += 1.0  # an unknown word still counts against everyone
                continue
            idf = max(self._idf(term_id) for term_id, _sim in matches)
            total += idf
            best: dict[int, float] = {}
            for term_id, similarity in matches:
                for doc, weight in self._postings[term_id].items():
                    value = similarity * weight
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            for doc, value in best.items():
                scores[doc] = scores.get(doc, 0.0) + idf * value
        if accept is not None:
            scores = {doc: s for doc, s in scores.items() if accept(self._refs[doc])}
        return {doc: s / total for doc, s in scores.items()}

    def _idf(self, term_id: int) -> float:
        return math.log(1.0 + len(self._refs) / len(self._postings[term_id]))

    def _matches(self, word: str) -> list[tuple[int, float]]:
        """Vocabulary terms close to `word`, with a similarity in 0..1."""
        found: dict[str, float] = {}
        if word in self._term_ids:
            found[word] = 1.0
        if len(word) >= 3:
            for term in self._with_prefix(word):
                found.setdefault(term, 0.7 + 0.25 * len(word) / len(term))
        if len(word) >= 4:
            cutoff = 85.0 if len(word) <= 5 else 78.0
            spread = 1 if len(word) <= 5 else 2 if len(word) <= 8 else 3
            for size in range(len(word) - spread, len(word) + spread + 1):
                candidates = self._by_length.get(size)
                if not candidates:
                    continue
                for term, ratio, _ in process.extract(
                    word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
                ):
                    similarity = 0.9 * ratio / 100.0
                    if similarity > found.get(term, 0.0):
                        found[term] = similarity
        return [(self._term_ids[term], similarity) for term, similarity in found.items()]

    def _with_prefix(self, word: str, most: int = 50) -> list[str]:
        if self._sorted_terms is None:
            self._sorted_terms = sorted(self._term_ids)
        terms = self._sorted_terms
        start = bisect_left(terms, word)
        found: list[str] = []
        for term in terms[start : start + most + 1]:
            if not term.startswith(word):
                break
            if term != word:
                found.append(term)
        return found

    def _second_pass(self, query: str, shortlist: list[tuple[int, float]]) -> list[Hit[K]]:
        names = [name for doc, _ in shortlist for name in self._names[doc]]
        if not names:
            return [Hit(self._refs[doc], score) for doc, score in shortlist]
        row = [0.0] * len(names)
        for _name, ratio, position in process.extract(query, names, scorer=fuzz.WRatio, limit=None):
            row[position] = ratio
        hits: list[Hit[K]] = []
        position = 0
        for doc, score in shortlist:
            count = len(self._names[doc])
            phrase = max(row[position : position + count], default=0.0) / 100.0
            position += count
            final = (1 - PHRASE_SHARE) * score + PHRASE_SHARE * phrase * min(1.0, score * 2)
            hits.append(Hit(self._refs[doc], round(float(final), 4)))
        hits.sort(key=lambda hit: -hit.score)
        return hits
