"""Tell a correspondent when what their approved report became is published, and where."""

from __future__ import annotations

from core.persistence.models import FieldReport
from core.persistence.uow import UnitOfWork
from core.services.outbox import enqueue


async def tell_author_published(
    uow: UnitOfWork, report_id: int | None, outcome_kind: str, outcome_id: int
) -> bool:
    """Queue "your report is now published as ..." for the report's author (once per outcome)."""
    if report_id is None:
        return False
    report = await uow.session.get(FieldReport, report_id)
    if report is None or report.author_id is None:
        return False
    return await enqueue(
        uow,
        key=f"report:{report.id}:published:{outcome_kind}:{outcome_id}",
        kind="notification",
        person_id=report.author_id,
        template="report_published",
        params={
            "id": report.id,
            "title": report.title,
            "outcome_kind": outcome_kind,
            "outcome_id": outcome_id,
        },
    )
