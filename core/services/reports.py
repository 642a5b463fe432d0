"""Filing field reports: submit, resubmit after changes, list, and the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, InvalidInput, NotAllowed
from core.domain.people import CAN_FILE_REPORTS, Role
from core.domain.reports import MAX_REPORT_TEXT, MAX_TITLE, ReportAction, ReportStatus, ReportType
from core.domain.reports import next_status as move
from core.persistence.lookups import get_or_not_found
from core.persistence.models import (
    FieldReport,
    ReportAttachment,
    ReportAuditEntry,
    RoleGrant,
)
from core.persistence.uow import UnitOfWork
from core.services import desk_refs
from core.services.outbox import enqueue
from core.services.people import person_name
from core.services.regions import region_names
from core.services.report_views import ReportView, TrailEntry, load_view, report_view, trail_entry


@dataclass(frozen=True)
class Attachment:
    kind: str
    channel: str
    file_ref: str
    filename: str | None = None
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class ReportContent:
    """What a correspondent sends: the same for a first submission and a resubmission."""

    type: ReportType
    title: str
    text: str = ""
    attachments: Sequence[Attachment] = field(default_factory=tuple)
    latitude: float | None = None
    longitude: float | None = None
    hide_author: bool = False
    hide_location: bool = False


def on_earth(latitude: float | None, longitude: float | None) -> bool:
    """Whether a (latitude, longitude) pair is a place on Earth (both absent is fine too)."""
    if latitude is None and longitude is None:
        return True
    if latitude is None or longitude is None:
        return False
    return -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0


def check_content(content: ReportContent) -> None:
    """Refuse what cannot be stored as it is (nothing is ever cut to fit)."""
    if not content.title.strip():
        raise InvalidInput(N_("A report needs a title."))
    if len(content.title) > MAX_TITLE:
        raise InvalidInput(
            N_("A title has at most {limit} characters; this one has {length}."),
            limit=MAX_TITLE,
            length=len(content.title),
        )
    if len(content.text) > MAX_REPORT_TEXT:
        raise InvalidInput(
            N_("A report text has at most {limit} characters; this one has {length}."),
            limit=MAX_REPORT_TEXT,
            length=len(content.text),
        )
    if not on_earth(content.latitude, content.longitude):
        raise InvalidInput(
            N_(
                "A location needs a latitude between -90 and 90 and a longitude between "
                "-180 and 180."
            )
        )
    if not (content.text.strip() or content.attachments or content.latitude is not None):
        raise InvalidInput(N_("A report needs a text, a file or a location."))


async def submit_report(
    actor: Actor, content: ReportContent, uow: UnitOfWork, *, now: datetime
) -> ReportView:
    """File a new report and tell the Secretariat (the caller commits).

    Args:
        actor: the correspondent (or Secretariat member) filing it.
        content: type, title, text, files, location and publication wishes.
        uow: the open unit of work.
        now: the current instant.
    """
    actor.require(CAN_FILE_REPORTS)
    check_content(content)
    report = FieldReport(
        author_id=actor.person_id,
        type=content.type,
        language=actor.language,
        region_code=min(actor.regions) if actor.regions else None,
        status=ReportStatus.SUBMITTED,
        submitted_at=now,
    )
    _apply(report, content)
    uow.session.add(report)
    await uow.session.flush()
    await audit(uow, report, actor, ReportAction.SUBMITTED, None, ReportStatus.SUBMITTED, now=now)
    await notify_secretariat(report, actor, uow, resubmitted=False)
    await desk_refs.new_work(uow, now)  # its card is queued at once, not at the next tick
    return await load_view(report, uow)


async def resubmit_report(
    report_id: int, actor: Actor, content: ReportContent, uow: UnitOfWork, *, now: datetime
) -> ReportView:
    """Send an edited report back to the queue after the Secretariat asked for changes.

    Args:
        report_id: the report to edit.
        actor: its author.
        content: the new content (new files are added to the old ones).
        uow: the open unit of work.
        now: the current instant.
    """
    actor.require(CAN_FILE_REPORTS)
    report = await _editable(report_id, actor, ReportStatus.CHANGES_REQUESTED, uow)
    current = ReportStatus.CHANGES_REQUESTED
    check_content(content)
    new = move(current, ReportAction.RESUBMITTED)
    report.status, report.submitted_at, report.decided_at = new, now, None
    _apply(report, content)
    await _save(report_id, uow)
    await audit(uow, report, actor, ReportAction.RESUBMITTED, current, new, now=now)
    await notify_secretariat(report, actor, uow, resubmitted=True)
    await desk_refs.new_work(uow, now)
    return await load_view(report, uow)


async def _save(report_id: int, uow: UnitOfWork) -> None:
    """Write the author's edit, unless someone changed the report meanwhile (Conflict)."""
    try:
        await uow.session.flush()
    except StaleDataError:
        raise Conflict(
            N_("Report #{id} changed meanwhile; please try again."), id=report_id
        ) from None


async def _editable(
    report_id: int, actor: Actor, expected: ReportStatus, uow: UnitOfWork
) -> FieldReport:
    """The actor's own report, while it is `expected` (NotAllowed or Conflict otherwise)."""
    report = await get_report(report_id, uow)
    if report.author_id != actor.person_id:
        raise NotAllowed(N_("Only the author of report #{id} can edit it."), id=report_id)
    status = ReportStatus(report.status)
    if status is not expected:
        raise Conflict(
            N_("Report #{id} is {status}: it cannot be edited now."), id=report_id, status=status
        )
    return report


async def add_attachments(
    report_id: int,
    actor: Actor,
    attachments: Sequence[Attachment],
    uow: UnitOfWork,
    *,
    now: datetime,
    text: str = "",
) -> ReportView:
    """Add files (and their captions) sent with a report just filed: the rest of an album."""
    actor.require(CAN_FILE_REPORTS)
    report = await _editable(report_id, actor, ReportStatus.SUBMITTED, uow)
    if text.strip():
        combined = f"{report.text}\n\n{text.strip()}" if report.text else text.strip()
        if len(combined) > MAX_REPORT_TEXT:
            raise InvalidInput(
                N_("A report text has at most {limit} characters; this one has {length}."),
                limit=MAX_REPORT_TEXT,
                length=len(combined),
            )
        report.text = combined
    known = {a.file_ref for a in report.attachments}
    for a in attachments:
        if a.file_ref not in known:
            report.attachments.append(_row(a))
    await _save(report_id, uow)
    await desk_refs.new_work(uow, now)  # the new files go to the card's thread
    await desk_refs.changed(uow, desk_refs.REPORT, report.id, now)
    return await load_view(report, uow)


def _row(a: Attachment) -> ReportAttachment:
    return ReportAttachment(
        kind=a.kind,
        channel=a.channel,
        file_ref=a.file_ref[:300],
        filename=a.filename and a.filename[:300],
        mime_type=a.mime_type and a.mime_type[:100],
        size=a.size,
    )


def _apply(report: FieldReport, content: ReportContent) -> None:
    report.type, report.title, report.text = content.type, content.title.strip(), content.text
    report.latitude, report.longitude = content.latitude, content.longitude
    report.hide_author, report.hide_location = content.hide_author, content.hide_location
    known = {a.file_ref for a in report.attachments}
    for a in content.attachments:
        if a.file_ref not in known:
            report.attachments.append(_row(a))


async def get_report(report_id: int, uow: UnitOfWork) -> FieldReport:
    """The report's row, for services that change it; NotFound when there is none."""
    message = N_("There is no report #{id}.")
    return await get_or_not_found(uow, FieldReport, report_id, message, fresh=True, id=report_id)


async def read_report(report_id: int, uow: UnitOfWork) -> ReportView:
    """The report as it stands now; NotFound when there is none."""
    return report_view(await get_report(report_id, uow))


async def list_reports(
    uow: UnitOfWork,
    *,
    statuses: Sequence[ReportStatus] = (ReportStatus.SUBMITTED,),
    type: ReportType | None = None,
    region: str | None = None,
    author_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
    newest_first: bool = False,
) -> tuple[list[ReportView], int]:
    """Reports matching the filters (oldest first: the queue's order) and how many match."""
    query = select(FieldReport).where(FieldReport.status.in_([str(s) for s in statuses]))
    if type is not None:
        query = query.where(FieldReport.type == type)
    if region is not None:
        query = query.where(FieldReport.region_code == region)
    if author_id is not None:
        query = query.where(FieldReport.author_id == author_id)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = (
        (FieldReport.submitted_at.desc(), FieldReport.id.desc())
        if newest_first
        else (FieldReport.submitted_at, FieldReport.id)
    )
    rows = (await uow.session.scalars(query.order_by(*order).offset(offset).limit(limit))).all()
    return [report_view(row) for row in rows], total


async def audit(
    uow: UnitOfWork,
    report: FieldReport,
    actor: Actor,
    action: ReportAction,
    from_status: ReportStatus | None,
    to_status: ReportStatus | None,
    *,
    now: datetime,
    reason: str | None = None,
) -> None:
    """Append one entry to the report's trail (entries are never changed or removed)."""
    uow.session.add(
        ReportAuditEntry(
            report_id=report.id,
            actor_id=actor.person_id or None,
            actor_name=(actor.display_name or actor.name)[:120],
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            at=now,
        )
    )
    await uow.session.flush()


async def last_reason(report_id: int, status: str, uow: UnitOfWork) -> str | None:
    """The reason given with the move that put the report in `status`."""
    return await uow.session.scalar(
        select(ReportAuditEntry.reason)
        .where(ReportAuditEntry.report_id == report_id, ReportAuditEntry.to_status == status)
        .order_by(ReportAuditEntry.id.desc())
        .limit(1)
    )


async def trail(report_id: int, uow: UnitOfWork) -> list[TrailEntry]:
    """The report's audit trail, oldest first."""
    query = select(ReportAuditEntry).where(ReportAuditEntry.report_id == report_id)
    return [
        trail_entry(row) for row in await uow.session.scalars(query.order_by(ReportAuditEntry.id))
    ]


async def notify_secretariat(
    report: FieldReport, author: Actor, uow: UnitOfWork, *, resubmitted: bool
) -> int:
    """Queue a "new report" message for every Secretariat member; return how many."""
    members = await uow.session.scalars(
        select(RoleGrant.person_id).where(RoleGrant.role == Role.SECRETARIAT).distinct()
    )
    params = {
        "id": report.id,
        "title": report.title,
        "type": report.type,
        "region": report.region_code,
        "region_names": (await region_names(uow)).get(report.region_code or "", {}),
        "author": author.display_name,
        "resubmitted": resubmitted,
    }
    queued = 0
    for person_id in members.all():
        if person_id == author.person_id:
            continue
        queued += await enqueue(
            uow,
            key=f"report:{report.id}:v{report.version}:submitted:{person_id}",
            kind="notification",
            person_id=person_id,
            template="report_submitted",
            params=params,
        )
    return queued


async def author_name(report: ReportView | FieldReport, uow: UnitOfWork) -> str:
    return await person_name(report.author_id, uow)
