"""Events as plain read models: what interactions and ways in are given, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.persistence.models import Event


@dataclass(frozen=True)
class EventView:
    """An event as it stands: what, when (UTC, with its own zone), where, and its state."""

    id: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: str
    title: dict[str, Any] = field(default_factory=dict)
    description: dict[str, Any] = field(default_factory=dict)
    place: str | None = None
    online_url: str | None = None
    agenda_url: str | None = None
    is_online: bool = False
    region_code: str | None = None
    key: str | None = None
    reminder_offsets: tuple[Any, ...] = ()
    is_example: bool = False
    source_report_id: int | None = None
    updated_at: datetime | None = None


AnyEvent = EventView | Event  # what the read-only helpers (params, calendar files) accept


def event_view(row: Event) -> EventView:
    """The plain copy of an event row."""
    return EventView(
        id=row.id,
        kind=row.kind,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        status=row.status,
        title=dict(row.title or {}),
        description=dict(row.description or {}),
        place=row.place,
        online_url=row.online_url,
        agenda_url=row.agenda_url,
        is_online=row.is_online,
        region_code=row.region_code,
        key=row.key,
        reminder_offsets=tuple(row.reminder_offsets or ()),
        is_example=row.is_example,
        source_report_id=row.source_report_id,
        updated_at=row.updated_at,
    )
