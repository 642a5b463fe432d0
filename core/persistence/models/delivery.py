"""The outbox of deliveries, inbound de-duplication, heartbeats of the running parts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models.base import Base, utcnow


class OutboxMessage(Base):
    """One message to send; the idempotency key makes enqueueing the same thing a no-op."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_lane_due", "status", "lane", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    lane: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class ProcessedInbound(Base):
    """An inbound update or event id already handled (Telegram update_id, Slack event id)."""

    __tablename__ = "processed_inbound"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SchedulerState(Base):
    """A named periodic job: its lease (one acting scheduler) and its last tick."""

    __tablename__ = "scheduler_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None]
    last_tick_at: Mapped[datetime | None]


class SendPacing(Base):
    """A pacing bucket shared by every worker: the earliest instant its next send may start."""

    __tablename__ = "delivery_pacing"

    bucket: Mapped[str] = mapped_column(String(96), primary_key=True)
    next_free_at: Mapped[datetime]


class PartHeartbeat(Base):
    """A running part (worker, scheduler, telegram, slack) says it is alive, every few seconds."""

    __tablename__ = "part_heartbeats"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    part: Mapped[str] = mapped_column(String(16), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
