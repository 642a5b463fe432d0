"""What every import shares: row errors gathered before anything is written, value checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from core.domain.errors import N_, InvalidInput
from core.services.regions import RegionIndex

Row = dict[str, Any]
# Seconds an import rests at each of its turns, so that people's requests go first.
BULK_PAUSE = 0.002
_URL = re.compile(r"^https?://\S+$")
_TRUE = {"1", "true", "yes", "y", "oui", "si", "sí", "x"}
_FALSE = {"", "0", "false", "no", "n", "non"}


@dataclass(frozen=True)
class RowError:
    where: str  # "line 4" (CSV) or "item 3" (JSON)
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.problem}"


class ImportRejected(InvalidInput):
    """Some rows are wrong: nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            N_("Nothing was imported: {count} problems in the file."), count=len(errors)
        )
        self.errors = errors


def line_ranges(lines: Iterable[int]) -> str:
    """'line 4', 'lines 2-1001', 'lines 2, 5-7': the numbers, consecutive ones as ranges."""
    numbers = sorted(set(lines))
    spans: list[str] = []
    start = previous = numbers[0] if numbers else 0
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    word = "line" if len(numbers) == 1 else "lines"
    return f"{word} {', '.join(spans)}"


def grouped(problems: Iterable[tuple[int, str]]) -> list[str]:
    """Each distinct problem once, after the lines it affects: 'lines 2-1001: unknown ...'."""
    lines: dict[str, list[int]] = {}
    for line, problem in problems:
        lines.setdefault(problem, []).append(line)
    return [f"{line_ranges(numbers)}: {problem}" for problem, numbers in lines.items()]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@dataclass
class RowChecker:
    """Collects the problems of one row; `ok` tells whether the row may be written."""

    where: str
    errors: list[RowError] = field(default_factory=list)

    def fail(self, name: str, problem: str) -> None:
        self.errors.append(RowError(self.where, name, problem))

    def text(self, row: Row, name: str, *, required: bool = False, limit: int = 300) -> str | None:
        value = row.get(name)
        value = "" if value is None else str(value).strip()
        if not value:
            if required:
                self.fail(name, "is required")
            return None
        if len(value) > limit:
            self.fail(name, f"is longer than {limit} characters")
        return value

    def choice(
        self, row: Row, name: str, allowed: Iterable[str], *, required: bool = False
    ) -> str | None:
        value = self.text(row, name, required=required)
        choices = sorted(allowed)
        if value is not None and value not in choices:
            self.fail(name, f"{value!r} is not one of {', '.join(choices)}")
            return None
        return value

    def flag(self, row: Row, name: str) -> bool:
        value = row.get(name)
        if isinstance(value, bool):
            return value
        word = "" if value is None else str(value).strip().lower()
        if word not in _TRUE | _FALSE:
            self.fail(name, f"{value!r} is not true or false")
        return word in _TRUE

    def number(
        self, row: Row, name: str, low: float, high: float, convert: Callable[[str], Any] = float
    ) -> Any:
        value = row.get(name)
        if value is None or str(value).strip() == "":
            return None
        try:
            number = convert(str(value).strip())
        except ValueError:
            self.fail(name, f"{value!r} is not a number")
            return None
        if not low <= number <= high:
            self.fail(name, f"{number} is not between {low:g} and {high:g}")
            return None
        return number

    def url(self, row: Row, name: str) -> str | None:
        value = self.text(row, name, limit=500)
        if value is not None and not _URL.match(value):
            self.fail(name, f"{value!r} is not an http(s) address")
            return None
        return value

    def region(self, row: Row, name: str, regions: RegionIndex) -> str | None:
        """A region by code or by its name in any language ('West Africa', 'afrique de l'ouest')."""
        value = self.text(row, name)
        if value is None:
            return None
        code = regions.match(value)
        if code is None:
            self.fail(name, f"unknown region {value!r} (use one of: {regions.choices()})")
        return code

    def regions(self, values: Any, name: str, regions: RegionIndex) -> list[str]:
        """Regions by code or name, a list or text split on ; or , (or spaces between codes)."""
        if isinstance(values, str):
            values = [
                part
                for piece in re.split(r"[;,]", values)
                for part in ([piece] if regions.match(piece) else piece.split())
            ]
        found: list[str] = []
        for value in (str(v).strip() for v in values or []):
            if not value:
                continue
            code = regions.match(value)
            if code is None:
                self.fail(name, f"unknown region {value!r} (use one of: {regions.choices()})")
            else:
                found.append(code)
        return list(dict.fromkeys(found))

    def codes(self, values: Any, name: str, known: Iterable[str]) -> list[str]:
        """A list of codes (a list, or text split on ; , or spaces), each one known."""
        if isinstance(values, str):
            values = re.split(r"[;,\s]+", values)
        found = [str(v).strip() for v in values or [] if str(v).strip()]
        allowed = set(known)
        for code in found:
            if code not in allowed:
                self.fail(name, f"unknown code {code!r}")
        return [code for code in dict.fromkeys(found) if code in allowed]


def reject_if_any(errors: list[RowError]) -> None:
    if errors:
        raise ImportRejected(errors)
