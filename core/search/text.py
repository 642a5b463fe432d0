"""Fold text for matching: case, accents, punctuation and the little words of fr/en/es."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

MAX_QUERY_CHARS = 200  # longer queries are refused before any work
MAX_QUERY_TOKENS = 8

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _ranges(codes: list[int]) -> str:
    spans: list[list[int]] = []
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


# Every combining mark (accents once decomposed; planes 0, 1 and 14 hold them all), for one
# C-speed substitution instead of a test per character.
_PLANES = (range(0x20000), range(0xE0000, 0xE1000))
_MARKS = re.compile(
    f"[{_ranges([c for plane in _PLANES for c in plane if unicodedata.combining(chr(c))])}]"
)


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
    stripped = decomposed if decomposed.isascii() else _MARKS.sub("", decomposed)
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
