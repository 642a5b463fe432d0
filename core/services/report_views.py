"""Field reports as plain read models: what interactions and ways in are given, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.persistence.models import FieldReport, ReportAttachment, ReportAuditEntry
from core.persistence.uow import UnitOfWork


@dataclass(frozen=True)
class AttachmentView:
    """One file sent with a report (kept by reference on the channel it came from)."""

    id: int
    kind: str
    channel: str
    file_ref: str
    filename: str | None
    mime_type: str | None
    size: int | None


@dataclass(frozen=True)
class ReportView:
    """A field report as it stands: content, place, status, claim and files."""

    id: int
    author_id: int | None
    type: str
    title: str
    text: str
    language: str | None
    region_code: str | None
    latitude: float | None
    longitude: float | None
    status: str
    submitted_at: datetime
    decided_at: datetime | None
    claimed_by_id: int | None
    claim_expires_at: datetime | None
    hide_author: bool
    hide_location: bool
    version: int
    outcome_kind: str | None = None
    outcome_id: int | None = None
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True)
class TrailEntry:
    """One move in a report's audit trail."""

    at: datetime
    actor_name: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str | None


def attachment_view(row: ReportAttachment) -> AttachmentView:
    return AttachmentView(
        row.id, row.kind, row.channel, row.file_ref, row.filename, row.mime_type, row.size
    )


def report_view(row: FieldReport) -> ReportView:
    """The plain copy of a report row (its files included)."""
    return ReportView(
        id=row.id,
        author_id=row.author_id,
        type=row.type,
        title=row.title,
        text=row.text,
        language=row.language,
        region_code=row.region_code,
        latitude=row.latitude,
        longitude=row.longitude,
        status=row.status,
        submitted_at=row.submitted_at,
        decided_at=row.decided_at,
        claimed_by_id=row.claimed_by_id,
        claim_expires_at=row.claim_expires_at,
        hide_author=row.hide_author,
        hide_location=row.hide_location,
        version=row.version,
        outcome_kind=row.outcome_kind,
        outcome_id=row.outcome_id,
        attachments=tuple(attachment_view(a) for a in row.attachments),
    )


async def load_view(row: FieldReport, uow: UnitOfWork) -> ReportView:
    """The plain copy of a row just written (its files are loaded first if need be)."""
    return await uow.session.run_sync(lambda _: report_view(row))


def trail_entry(row: ReportAuditEntry) -> TrailEntry:
    return TrailEntry(
        row.at, row.actor_name, row.action, row.from_status, row.to_status, row.reason
    )
