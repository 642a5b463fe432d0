"""Questions to the experts, their answers, and the public Q&A entries they become."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models.base import Base, utcnow


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    asker_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    zone_code: Mapped[str | None] = mapped_column(String(40))
    timezone: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    claim_expires_at: Mapped[datetime | None]
    passed_at: Mapped[datetime | None]
    answer_text: Mapped[str | None] = mapped_column(Text)
    answer_language: Mapped[str | None] = mapped_column(String(5))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    answered_by_name: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None]
    rating: Mapped[str | None] = mapped_column(String(16))
    asker_consent: Mapped[bool | None]
    expert_consent: Mapped[bool | None]
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    practices: Mapped[list[Any]] = mapped_column(default=list)  # slugs it mentions
    # the Secretariat's translations: {language: {"question": text, "answer": text}}
    translations: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
