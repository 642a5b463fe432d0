"""Field reports move only along the allowed transitions."""

from __future__ import annotations

import pytest

from core.domain.errors import Conflict
from core.domain.reports import ReportAction, ReportStatus, next_status

A, S = ReportAction, ReportStatus


@pytest.mark.parametrize(
    ("current", "action", "expected"),
    [
        (S.SUBMITTED, A.APPROVED, S.APPROVED),
        (S.SUBMITTED, A.REJECTED, S.REJECTED),
        (S.SUBMITTED, A.CHANGES_REQUESTED, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, A.RESUBMITTED, S.SUBMITTED),
        (S.CHANGES_REQUESTED, A.REJECTED, S.REJECTED),
    ],
)
def test_allowed_moves(current: ReportStatus, action: ReportAction, expected: ReportStatus) -> None:
    assert next_status(current, action) is expected


@pytest.mark.parametrize(
    ("current", "action"),
    [
        (S.APPROVED, A.APPROVED),
        (S.APPROVED, A.REJECTED),
        (S.REJECTED, A.APPROVED),
        (S.SUBMITTED, A.RESUBMITTED),
        (S.CHANGES_REQUESTED, A.APPROVED),
    ],
)
def test_decided_reports_do_not_move(current: ReportStatus, action: ReportAction) -> None:
    with pytest.raises(Conflict):
        next_status(current, action)
