"""Acknowledged inbound work (a Slack command, press or form), stored before the ack."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models.base import Base, utcnow


class InboundWork(Base):
    """One request a channel acknowledged: its mapped input, who holds it, and when it was done.

    Stored in its own short transaction before the ack; marked done in the transaction of its
    handling. A record not done whose lease ran out (its process died) is taken up again.
    """

    __tablename__ = "inbound_work"
    __table_args__ = (
        UniqueConstraint("channel", "request_key"),
        Index("ix_inbound_work_open", "done_at", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    request_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None]
