"""Membership applications as plain read models (never ORM rows above services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.persistence.models import MembershipApplication


@dataclass(frozen=True)
class ApplicationView:
    """An organisation's application: who, what for, and where it stands."""

    id: int
    organisation: str
    category: str
    country: str | None
    contact_role: str | None
    objectives: tuple[str, ...]
    motivation: str
    wants_membership: bool
    status: str
    submitted_by_id: int | None
    created_at: datetime
    closed_at: datetime | None
    partner_id: int | None


def application_view(row: MembershipApplication) -> ApplicationView:
    """The plain copy of an application row."""
    return ApplicationView(
        id=row.id,
        organisation=row.organisation,
        category=row.category,
        country=row.country,
        contact_role=row.contact_role,
        objectives=tuple(str(code) for code in row.objectives or ()),
        motivation=row.motivation,
        wants_membership=row.wants_membership,
        status=row.status,
        submitted_by_id=row.submitted_by_id,
        created_at=row.created_at,
        closed_at=row.closed_at,
        partner_id=row.partner_id,
    )
