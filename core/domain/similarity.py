"""When two field reports look like the same thing: similar text, close in space and time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from core.domain.geography import distance_km

# A hint needs text this similar (0-100); less is enough when the place and time agree.
TEXT_ALONE = 85.0
TEXT_NEARBY = 60.0
NEARBY_KM = 25.0
WINDOW = timedelta(days=30)
NEARBY_TIME = timedelta(days=7)


@dataclass(frozen=True)
class ReportSketch:
    """What near-duplicate detection looks at in a report."""

    id: int
    text: str
    submitted_at: datetime
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Resemblance:
    """`other` looks like the report under review: how much and why."""

    other_id: int
    text_score: float
    distance_km: float | None
    apart: timedelta


def resemblance(report: ReportSketch, other: ReportSketch) -> Resemblance | None:
    """A Resemblance when `other` is probably the same news as `report`, else None."""
    found = most_alike(report, [other], 1)
    return found[0] if found else None


def _judged(report: ReportSketch, other: ReportSketch, score: float) -> Resemblance | None:
    """The Resemblance of two reports whose texts score `score` (0-100: how alike they are,
    ignoring case, punctuation and word order), when place and time agree."""
    if other.id == report.id:
        return None
    apart = abs(report.submitted_at - other.submitted_at)
    if apart > WINDOW:
        return None
    km = None
    if None not in (report.latitude, report.longitude, other.latitude, other.longitude):
        km = distance_km(report.latitude, report.longitude, other.latitude, other.longitude)  # type: ignore[arg-type]
    nearby = km is not None and km <= NEARBY_KM and apart <= NEARBY_TIME
    if score >= TEXT_ALONE or (nearby and score >= TEXT_NEARBY):
        return Resemblance(other.id, score, km, apart)
    return None


def most_alike(
    report: ReportSketch, others: Sequence[ReportSketch], limit: int = 3
) -> list[Resemblance]:
    """The reports that look most like `report`, best first."""
    return most_alike_each([report], others, limit)[0]


def most_alike_each(
    reports: Sequence[ReportSketch], others: Sequence[ReportSketch], limit: int = 3
) -> list[list[Resemblance]]:
    """`most_alike` for several reports against the same others, each text prepared once
    (an empty text scores 0, so it resembles nothing)."""
    prepared = [default_process(other.text) for other in others]
    alike = []
    for report in reports:
        scored = process.extract(
            default_process(report.text),
            prepared,
            scorer=fuzz.token_set_ratio,
            processor=None,
            score_cutoff=TEXT_NEARBY,
            limit=None,
        )
        judged = (_judged(report, others[i], float(score)) for _, score, i in scored)
        found = [r for r in judged if r is not None]
        found.sort(
            key=lambda r: (-r.text_score, r.distance_km if r.distance_km is not None else 1e9)
        )
        alike.append(found[:limit])
    return alike
