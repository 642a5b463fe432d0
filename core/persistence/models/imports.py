"""Rows of a catalogue import waiting to be published together (nothing of them is visible)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models.base import Base, utcnow


class StagedPractice(Base):
    """One checked practice row of import `import_id`; copied into `practices` at publication."""

    __tablename__ = "staged_practices"
    __table_args__ = (UniqueConstraint("import_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[str] = mapped_column(String(32))
    slug: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(40))
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    synonyms: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tutorials: Mapped[list[Any]] = mapped_column(default=list)
    basis: Mapped[str | None] = mapped_column(String(16))
    results: Mapped[dict[str, Any]] = mapped_column(default=dict)
    zones: Mapped[list[Any]] = mapped_column(default=list)
    regions: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16))
    staged_at: Mapped[datetime] = mapped_column(default=utcnow)
