"""How complete a practice sheet is: what the Initiative asks of every sheet, weighted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.domain.errors import N_
from core.domain.languages import LANGUAGES


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: tuple[str, ...]  # gettext ids of what is missing


def _filled(texts: Mapping[str, Any] | None, languages: Sequence[str] = LANGUAGES) -> bool:
    found = texts or {}
    return all(isinstance(found.get(lang), str) and found[lang] for lang in languages)


def _any(texts: Mapping[str, Any] | None) -> bool:
    return any(isinstance(v, str) and v for v in (texts or {}).values())


def completeness(
    names: Mapping[str, Any] | None,
    description: Mapping[str, Any] | None,
    tutorials: Sequence[Any] | None,
    basis: str | None,
    results: Mapping[str, Any] | None,
    zones: Sequence[Any] | None,
    regions: Sequence[Any] | None,
) -> Completeness:
    """Score a sheet out of 100 and name the parts still missing."""
    checks = [
        (10, _filled(names), N_("name in French, English and Spanish")),
        (20, _any(description), N_("description")),
        (10, _filled(description), N_("description in all three languages")),
        (15, bool(tutorials), N_("tutorials or links")),
        (10, bool(basis), N_("conceptual basis")),
        (15, _any(results), N_("results obtained")),
        (10, bool(zones), N_("agro-climatic zones")),
        (10, bool(regions), N_("regions")),
    ]
    percent = sum(weight for weight, ok, _ in checks if ok)
    return Completeness(percent, tuple(label for _, ok, label in checks if not ok))
