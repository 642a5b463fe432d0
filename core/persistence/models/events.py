"""Events, RSVPs and who follows which kinds of events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models.base import Base, utcnow


class Event(Base):
    """A meeting; instants are stored in UTC, `timezone` is the event's own zone."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    agenda_url: Mapped[str | None] = mapped_column(String(500))
    is_online: Mapped[bool] = mapped_column(default=False)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    reminder_offsets: Mapped[list[Any]] = mapped_column(default=list)
    is_example: Mapped[bool] = mapped_column(default=False)
    source_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("field_reports.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Rsvp(Base):
    __tablename__ = "rsvps"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    answer: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EventFollow(Base):
    """A person follows events of a kind and/or a region (both empty: every event)."""

    __tablename__ = "event_follows"
    __table_args__ = (UniqueConstraint("person_id", "kind", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str | None] = mapped_column(String(20))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
