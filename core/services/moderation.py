"""The Secretariat's side: claim a report, decide on it (alone or in bulk), and tell its author.

Two moderators may act on one report at once. Every change goes through the report's version
counter (an `UPDATE ... WHERE version = :seen`): exactly one of them wins, the other gets a
Conflict that says who did what.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, DomainError, InvalidInput
from core.domain.kinds import Rubric
from core.domain.people import CAN_MODERATE
from core.domain.reports import REASON_REQUIRED, ReportAction, ReportStatus, next_status
from core.persistence.models import FieldReport, ReportAuditEntry
from core.persistence.uow import UnitOfWork
from core.services import desk_refs
from core.services.claims import refuse_if_held_by_other
from core.services.outbox import enqueue
from core.services.report_outcomes import create_outcome
from core.services.report_views import ReportView, load_view
from core.services.reports import audit, get_report

CLAIM_FOR = timedelta(minutes=30)
DECISIONS = (ReportAction.APPROVED, ReportAction.REJECTED, ReportAction.CHANGES_REQUESTED)
MAX_REASON = 2_000


@dataclass(frozen=True)
class Decision:
    report_id: int
    status: ReportStatus
    outcome_kind: str | None = None
    outcome_id: int | None = None


async def _refuse_if_claimed_by_other(
    report: FieldReport, actor: Actor, now: datetime, uow: UnitOfWork
) -> None:
    message = N_(
        "{name} is working on report #{id} (for {minutes} more minutes); nothing was changed."
    )
    await refuse_if_held_by_other(report, report.id, actor, now, uow, message)


async def claim_report(
    report_id: int, actor: Actor, uow: UnitOfWork, *, now: datetime
) -> ReportView:
    """Take a report for `CLAIM_FOR` so that other moderators see who is on it."""
    actor.require(CAN_MODERATE)
    report = await get_report(report_id, uow)
    status = ReportStatus(report.status)
    if status not in (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED):
        raise Conflict(
            N_("Report #{id} is already {status}; nothing was changed."),
            id=report_id,
            status=status,
        )
    await _refuse_if_claimed_by_other(report, actor, now, uow)
    report.claimed_by_id, report.claim_expires_at = actor.person_id or None, now + CLAIM_FOR
    await _flush_or_conflict(report_id, uow)
    await audit(uow, report, actor, ReportAction.CLAIMED, status, status, now=now)
    await desk_refs.changed(uow, desk_refs.REPORT, report.id, now)
    return await load_view(report, uow)


async def release_report(
    report_id: int, actor: Actor, uow: UnitOfWork, *, now: datetime
) -> ReportView:
    """Give a claimed report back to the queue."""
    actor.require(CAN_MODERATE)
    report = await get_report(report_id, uow)
    await _refuse_if_claimed_by_other(report, actor, now, uow)
    if report.claimed_by_id is None:
        return await load_view(report, uow)
    report.claimed_by_id, report.claim_expires_at = None, None
    await _flush_or_conflict(report_id, uow)
    status = ReportStatus(report.status)
    await audit(uow, report, actor, ReportAction.RELEASED, status, status, now=now)
    await desk_refs.changed(uow, desk_refs.REPORT, report.id, now)
    return await load_view(report, uow)


async def decide_report(
    report_id: int,
    action: ReportAction,
    actor: Actor,
    uow: UnitOfWork,
    *,
    now: datetime,
    reason: str = "",
    rubric: Rubric | None = None,
    hide_author: bool | None = None,
    hide_location: bool | None = None,
) -> Decision:
    """Approve, reject or ask for changes; on approval create what the report proposes.

    Args:
        report_id: the report.
        action: APPROVED, REJECTED or CHANGES_REQUESTED.
        actor: the Secretariat member (or admin) deciding.
        uow: the open unit of work (the caller commits).
        now: the current instant.
        reason: why (required to reject or ask for changes; the answer to a request).
        rubric: for news, the newsletter rubric (news or success story).
        hide_author: publish without the author's name (None: as the author asked).
        hide_location: publish without the location (None: as the author asked).
    """
    actor.require(CAN_MODERATE)
    if action not in DECISIONS:
        raise InvalidInput(N_("Unknown decision."))
    reason = reason.strip()
    if action in REASON_REQUIRED and not reason:
        raise InvalidInput(N_("Please give a reason: the author will read it."))
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            N_("A reason has at most {limit} characters; this one has {length}."),
            limit=MAX_REASON,
            length=len(reason),
        )
    report = await get_report(report_id, uow)
    current = ReportStatus(report.status)
    if current is ReportStatus.CHANGES_REQUESTED and action is not ReportAction.REJECTED:
        raise Conflict(
            N_(
                "Report #{id} is waiting for changes from its author: you can reject it now, "
                "or decide once it is sent again."
            ),
            id=report_id,
        )
    try:
        new = next_status(current, action)
    except Conflict:
        raise await _already_decided(report, uow) from None
    await _refuse_if_claimed_by_other(report, actor, now, uow)
    report.status, report.decided_at = new, now
    report.claimed_by_id, report.claim_expires_at = None, None
    if hide_author is not None:
        report.hide_author = hide_author
    if hide_location is not None:
        report.hide_location = hide_location
    await _flush_or_conflict(report_id, uow)
    await audit(uow, report, actor, action, current, new, now=now, reason=reason or None)
    if new is ReportStatus.APPROVED:
        report.outcome_kind, report.outcome_id = await create_outcome(
            report, uow, moderator_id=actor.person_id or None, rubric=rubric, answer=reason, now=now
        )
        await _flush_or_conflict(report_id, uow)
    await notify_author(report, uow, reason=reason)
    await desk_refs.changed(uow, desk_refs.REPORT, report.id, now)
    return Decision(report.id, new, report.outcome_kind, report.outcome_id)


async def decide_reports(
    report_ids: Sequence[int],
    action: ReportAction,
    actor: Actor,
    uows: Callable[[], UnitOfWork],
    *,
    now: datetime,
    reason: str = "",
) -> list[Decision | DomainError]:
    """Decide on several reports, each in its own transaction: one refusal stops no other."""
    results: list[Decision | DomainError] = []
    for report_id in dict.fromkeys(report_ids):
        async with uows() as uow:
            try:
                decision = await decide_report(
                    report_id, action, actor, uow, now=now, reason=reason
                )
                await uow.commit()
            except DomainError as error:
                results.append(error)
                continue
        results.append(decision)
    return results


async def notify_author(report: FieldReport, uow: UnitOfWork, *, reason: str) -> bool:
    """Queue the decision for the report's author, rendered in their language when sent."""
    if report.author_id is None:
        return False
    return await enqueue(
        uow,
        key=f"report:{report.id}:decided:{report.status}:v{report.version}",
        kind="notification",
        person_id=report.author_id,
        template="report_decided",
        params={
            "id": report.id,
            "title": report.title,
            "type": report.type,
            "status": report.status,
            "reason": reason,
            "outcome_kind": report.outcome_kind,
        },
    )


async def _flush_or_conflict(report_id: int, uow: UnitOfWork) -> None:
    try:
        await uow.session.flush()
    except StaleDataError:
        await uow.rollback()
        report = await get_report(report_id, uow)
        if ReportStatus(report.status) in (ReportStatus.APPROVED, ReportStatus.REJECTED):
            raise await _already_decided(report, uow) from None
        raise Conflict(
            N_(
                "Someone else changed report #{id} a moment ago; nothing was changed. "
                "Please look again."
            ),
            id=report_id,
        ) from None


async def _already_decided(report: FieldReport, uow: UnitOfWork) -> Conflict:
    last = await uow.session.scalar(
        select(ReportAuditEntry)
        .where(ReportAuditEntry.report_id == report.id, ReportAuditEntry.to_status == report.status)
        .order_by(ReportAuditEntry.id.desc())
        .limit(1)
    )
    return Conflict(
        N_("Report #{id} is already {status} (by {name}); nothing was changed."),
        id=report.id,
        status=ReportStatus(report.status),
        name=last.actor_name if last else "?",
    )
