"""Fold text for matching: case, accents, punctuation and the little words of fr/en/es."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

MAX_QUERY_CHARS = 200  # longer queries are refused before any work
MAX_QUERY_TOKENS = 8

_NON_WORD = re.compile(r"[^0-9a-z]+")


# The accents of Latin letters once decomposed (combining marks, U+034F is not one), removed
# in one substitution; what else is not ASCII goes through a table of every combining mark
# (planes 0, 1 and 14 hold them all). Both are several times faster than a test per character.
_ACCENTS = re.compile("[\u0300-\u034e\u0350-\u036f]+")
_PLANES = (range(0x20000), range(0xE0000, 0xE1000))


@lru_cache(maxsize=1)
def _marks() -> dict[int, None]:
    return {c: None for plane in _PLANES for c in plane if unicodedata.combining(chr(c))}


def _without_marks(decomposed: str) -> str:
    if decomposed.isascii():
        return decomposed
    stripped = _ACCENTS.sub("", decomposed)
    if stripped.isascii():
        return stripped
    return stripped.translate(_marks())


# Words that carry no meaning for search, in the three languages (folded).
_LITTLE_WORDS = (
    "a au aux avec ce ces d dans de des du en et l la le les leur ou par pour sur un une",
    "an and at by for from in into of on or the to with",
    "al con del e el las lo los o para por se su una y",
)
STOPWORDS = frozenset(word for line in _LITTLE_WORDS for word in line.split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """'Côte d’Ivoire' -> 'cote d ivoire': lower case, no accents, words split by one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = _without_marks(decomposed)
    stripped = stripped.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
    return _NON_WORD.sub(" ", stripped).strip()


def tokens(text: str) -> list[str]:
    """The folded words of `text`, little words dropped (unless nothing else is left)."""
    words = fold(text).split()
    meaningful = [word for word in words if word not in STOPWORDS]
    return meaningful or words


def joined_pairs(words: list[str]) -> list[str]:
    """'no till' -> 'notill': people write compounds joined, split or hyphenated."""
    return [a + b for a, b in pairwise(words) if len(a) + len(b) >= 5]
