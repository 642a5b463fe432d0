"""What every catalog search shares: checking the query and cutting results into pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from core.domain.errors import N_, InvalidInput
from core.search.text import MAX_QUERY_CHARS, fold

T = TypeVar("T")

PAGE_SIZE = 5
MAX_RESULTS = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int  # from 0
    total: int
    partial: bool = False  # no item matches every meaningful word: the best partial matches

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def first(self) -> int:
        """1-based position of the first item shown."""
        return self.number * PAGE_SIZE + 1

    @property
    def has_previous(self) -> bool:
        return self.number > 0

    @property
    def has_next(self) -> bool:
        return (self.number + 1) * PAGE_SIZE < self.total


def page_of(items: Sequence[T], number: int, *, partial: bool = False) -> Page[T]:
    """Page `number` (clamped to the pages there are) of `items`."""
    last = max(0, (len(items) - 1) // PAGE_SIZE)
    number = min(max(0, number), last)
    start = number * PAGE_SIZE
    return Page(list(items[start : start + PAGE_SIZE]), number, len(items), partial)


def check_query(query: str) -> str:
    """Refuse an over-long query at once; return it stripped (possibly empty)."""
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(
            N_("Your search is too long ({length} characters): use at most {limit}."),
            length=len(query),
            limit=MAX_QUERY_CHARS,
        )
    return query.strip()


def has_words(query: str) -> bool:
    return bool(fold(query))
