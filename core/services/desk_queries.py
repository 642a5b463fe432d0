"""What the desk cards read: who holds a claim, a vote's tally, what is waiting, what is queued."""

from __future__ import annotations

from sqlalchemy import select

from core.domain.kinds import ApplicationStatus, Vote
from core.domain.reports import ReportStatus
from core.persistence.models import (
    BureauVote,
    FieldReport,
    MembershipApplication,
    OutboxMessage,
)
from core.persistence.uow import UnitOfWork
from core.services.application_views import ApplicationView, application_view
from core.services.membership import get_application
from core.services.report_views import ReportView, report_view


async def vote_tally(uow: UnitOfWork, application_id: int) -> dict[str, int]:
    """Votes cast on an application, by vote ("yes", "no", "abstain")."""
    votes = (
        await uow.session.scalars(
            select(BureauVote.vote).where(BureauVote.application_id == application_id)
        )
    ).all()
    return {vote.value: sum(1 for v in votes if v == vote) for vote in Vote}


async def fresh_application(uow: UnitOfWork, application_id: int) -> ApplicationView:
    """The application as the database has it now (not as this session last saw it)."""
    application = await get_application(application_id, uow)
    await uow.session.refresh(application)
    return application_view(application)


async def waiting_reports(uow: UnitOfWork, limit: int) -> list[ReportView]:
    """Submitted reports, the oldest submission first."""
    found = await uow.session.scalars(
        select(FieldReport)
        .where(FieldReport.status == ReportStatus.SUBMITTED)
        .order_by(FieldReport.submitted_at, FieldReport.id)
        .limit(limit)
    )
    return [report_view(row) for row in found.all()]


async def application_ids(uow: UnitOfWork, status: ApplicationStatus, limit: int) -> list[int]:
    """Numbers of the applications in `status`, the oldest first."""
    rows = await uow.session.scalars(
        select(MembershipApplication.id)
        .where(MembershipApplication.status == status)
        .order_by(MembershipApplication.id)
        .limit(limit)
    )
    return list(rows.all())


async def unqueued(uow: UnitOfWork, keys: list[str]) -> set[str]:
    """The idempotency keys among `keys` that no outbox message has yet."""
    if not keys:
        return set()
    seen = await uow.session.scalars(
        select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(keys))
    )
    return set(keys) - set(seen.all())
