"""When two field reports look like the same thing: similar text, close in space and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz
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


def text_score(a: str, b: str) -> float:
    """0-100: how alike two texts are, ignoring case, punctuation and word order."""
    return float(fuzz.token_set_ratio(a, b, processor=default_process))


def resemblance(report: ReportSketch, other: ReportSketch) -> Resemblance | None:
    """A Resemblance when `other` is probably the same news as `report`, else None."""
    if other.id == report.id or not report.text.strip() or not other.text.strip():
        return None
    apart = abs(report.submitted_at - other.submitted_at)
    if apart > WINDOW:
        return None
    score = text_score(report.text, other.text)
    km = None
    if None not in (report.latitude, report.longitude, other.latitude, other.longitude):
        km = distance_km(report.latitude, report.longitude, other.latitude, other.longitude)  # type: ignore[arg-type]
    nearby = km is not None and km <= NEARBY_KM and apart <= NEARBY_TIME
    if score >= TEXT_ALONE or (nearby and score >= TEXT_NEARBY):
        return Resemblance(other.id, score, km, apart)
    return None


def most_alike(
    report: ReportSketch, others: list[ReportSketch], limit: int = 3
) -> list[Resemblance]:
    """The reports that look most like `report`, best first."""
    found = [r for other in others if (r := resemblance(report, other)) is not None]
    found.sort(key=lambda r: (-r.text_score, r.distance_km if r.distance_km is not None else 1e9))
    return found[:limit]
