"""Near-duplicate hints for moderators: "looks like report #12".

A queue page, a card and an opened report each compare their reports with every report of
the time window. This process remembers what it compared: each report's sketch by its version
(any change to a report raises its version), and the hints of each report while none of the
reports it is compared with changed what it says, for each database. Only the ids and versions
are read each time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sqlalchemy import select

from core.domain.similarity import WINDOW, ReportSketch, Resemblance, most_alike_each
from core.persistence.models import FieldReport
from core.persistence.uow import UnitOfWork
from core.services.report_views import ReportView

MAX_CANDIDATES = 500
_REMEMBERED = 4 * MAX_CANDIDATES  # sketches, then hints, before they are forgotten at once
Versions = tuple[tuple[int, int], ...]  # (report id, version)
Contents = tuple[tuple[int, int], ...]  # (report id, what its sketch says: a number)


@dataclass
class _Remembered:
    """One database's reports as compared: a version that changed only the status (a claim, a
    decision) keeps its report's content number, so the hints compared before still hold."""

    sketches: dict[tuple[int, int], tuple[ReportSketch, int]] = field(default_factory=dict)
    latest: dict[int, tuple[ReportSketch, int]] = field(default_factory=dict)
    windows: dict[Contents, int] = field(default_factory=dict)  # a number for each window
    hints: dict[tuple[ReportSketch, int, int], tuple[Resemblance, ...]] = field(
        default_factory=dict
    )
    numbers: Iterator[int] = field(default_factory=itertools.count)

    def keep(self, version: int, found: ReportSketch) -> None:
        previous = self.latest.get(found.id)
        if previous is not None and previous[0] == found:
            kept = previous
        else:
            kept = (found, next(self.numbers))
        self.sketches[found.id, version] = self.latest[found.id] = kept

    def forget_if_full(self) -> None:
        if len(self.sketches) >= _REMEMBERED:
            self.sketches.clear()
            self.latest.clear()
        if len(self.hints) >= _REMEMBERED:
            self.hints.clear()
            self.windows.clear()


_by_database: WeakKeyDictionary[object, _Remembered] = WeakKeyDictionary()  # by engine


def sketch(report: ReportView | FieldReport) -> ReportSketch:
    return ReportSketch(
        id=report.id,
        text=f"{report.title}\n{report.text}",
        submitted_at=report.submitted_at,
        latitude=report.latitude,
        longitude=report.longitude,
    )


async def duplicate_hints(
    reports: Sequence[ReportView | FieldReport], uow: UnitOfWork, *, limit: int = 3
) -> dict[int, list[Resemblance]]:
    """For each report, the others (of any status, within the time window) it resembles."""
    if not reports:
        return {}
    earliest = min(r.submitted_at for r in reports) - WINDOW
    latest = max(r.submitted_at for r in reports) + WINDOW
    r = FieldReport
    window = await uow.session.execute(
        select(r.id, r.version)
        .where(r.submitted_at.between(earliest, latest))
        .order_by(r.submitted_at.desc())
        .limit(MAX_CANDIDATES)
    )
    others: Versions = tuple((id_, version) for id_, version in window.all())
    seen = _by_database.setdefault(uow.session.get_bind(), _Remembered())
    seen.forget_if_full()
    await _remember_sketches(seen, others, uow)
    contents: Contents = tuple((o[0], seen.sketches[o][1]) for o in others)
    window_number = seen.windows.setdefault(contents, len(seen.windows))
    keys = [(sketch(report), window_number, limit) for report in reports]
    new = [key for key in dict.fromkeys(keys) if key not in seen.hints]
    if new:
        compared = most_alike_each(
            [k[0] for k in new], [seen.sketches[o][0] for o in others], limit
        )
        seen.hints.update((key, tuple(found)) for key, found in zip(new, compared, strict=True))
    return {report.id: list(seen.hints[key]) for report, key in zip(reports, keys, strict=True)}


async def _remember_sketches(seen: _Remembered, wanted: Versions, uow: UnitOfWork) -> None:
    missing = [id_ for id_, version in wanted if (id_, version) not in seen.sketches]
    if not missing:
        return
    r = FieldReport
    rows = await uow.session.execute(
        select(r.id, r.version, r.title, r.text, r.submitted_at, r.latitude, r.longitude).where(
            r.id.in_(missing)
        )
    )
    for id_, version, title, text, at, lat, lon in rows.all():
        seen.keep(version, ReportSketch(id_, f"{title}\n{text}", at, lat, lon))
