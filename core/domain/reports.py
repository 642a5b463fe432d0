"""Field reports: their types mirror the correspondents' roles; their states and moves."""

from __future__ import annotations

from enum import StrEnum

from core.domain.errors import N_, Conflict


class ReportType(StrEnum):
    NEWS = "news"
    PARTNER_LEAD = "partner_lead"
    EVENT_PROPOSAL = "event_proposal"
    PRACTICE = "practice"
    REQUEST = "request"


class ReportStatus(StrEnum):
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"


class ReportAction(StrEnum):
    SUBMITTED = "submitted"
    CLAIMED = "claimed"
    RELEASED = "released"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"
    RESUBMITTED = "resubmitted"
    PUBLISHED = "published"


_MOVES: dict[ReportStatus, dict[ReportAction, ReportStatus]] = {
    ReportStatus.SUBMITTED: {
        ReportAction.APPROVED: ReportStatus.APPROVED,
        ReportAction.REJECTED: ReportStatus.REJECTED,
        ReportAction.CHANGES_REQUESTED: ReportStatus.CHANGES_REQUESTED,
    },
    ReportStatus.CHANGES_REQUESTED: {
        ReportAction.RESUBMITTED: ReportStatus.SUBMITTED,
        ReportAction.REJECTED: ReportStatus.REJECTED,
    },
    ReportStatus.APPROVED: {},
    ReportStatus.REJECTED: {},
}

REASON_REQUIRED = frozenset({ReportAction.REJECTED, ReportAction.CHANGES_REQUESTED})


def next_status(current: ReportStatus, action: ReportAction) -> ReportStatus:
    """The status after `action`, or Conflict when the report cannot move that way."""
    try:
        return _MOVES[current][action]
    except KeyError:
        raise Conflict(
            N_("This report is already {status}; nothing was changed."),
            status=current.value,
        ) from None


MAX_REPORT_TEXT = 20_000
MAX_TITLE = 200
