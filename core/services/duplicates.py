"""Near-duplicate hints for moderators: "looks like report #12"."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import select

from core.domain.similarity import WINDOW, ReportSketch, Resemblance, most_alike_each
from core.persistence.models import FieldReport
from core.persistence.uow import UnitOfWork
from core.services.report_views import ReportView

MAX_CANDIDATES = 500


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
    rows = await uow.session.execute(
        select(r.id, r.title, r.text, r.submitted_at, r.latitude, r.longitude)
        .where(r.submitted_at.between(earliest, latest))
        .order_by(r.submitted_at.desc())
        .limit(MAX_CANDIDATES)
    )
    others = tuple(
        ReportSketch(id_, f"{title}\n{text}", at, lat, lon)
        for id_, title, text, at, lat, lon in rows.all()
    )
    alike = _alike(tuple(sketch(report) for report in reports), others, limit)
    return {report.id: list(found) for report, found in zip(reports, alike, strict=True)}


@lru_cache(maxsize=32)
def _alike(
    reports: tuple[ReportSketch, ...], others: tuple[ReportSketch, ...], limit: int
) -> tuple[tuple[Resemblance, ...], ...]:
    """`most_alike_each`, remembered: a queue page is read again and again while the reports
    it compares (their texts, places and times are the key) stay the same."""
    return tuple(tuple(found) for found in most_alike_each(reports, others, limit))
