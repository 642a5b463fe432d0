"""Newsletter items, subscriptions and the archive of digests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models.base import Base, utcnow


class NewsletterItem(Base):
    __tablename__ = "newsletter_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    rubric: Mapped[str] = mapped_column(String(20))
    title: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    source_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("field_reports.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Subscription(Base):
    """One person's newsletter subscription on one channel."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("person_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(5))
    frequency: Mapped[str] = mapped_column(String(16))
    topics: Mapped[list[Any]] = mapped_column(default=list)
    regions: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)
    last_digest_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class Digest(Base):
    """A digest composed for one subscriber and period (the archive)."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("subscription_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="SET NULL")
    )
    period: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    item_ids: Mapped[list[Any]] = mapped_column(default=list)
    outbox_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
