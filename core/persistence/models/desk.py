"""Where each desk card was posted, so that it can be redrawn when its subject changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models.base import Base, utcnow


class DeskCardRef(Base):
    """One card of a report or an application on one desk (its latest posting)."""

    __tablename__ = "desk_card_refs"
    __table_args__ = (UniqueConstraint("subject", "subject_id", "desk"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    desk: Mapped[str] = mapped_column(String(80))  # the outbox recipient (channel as configured)
    channel_id: Mapped[str | None] = mapped_column(String(40))  # as Slack answered the post
    ts: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
