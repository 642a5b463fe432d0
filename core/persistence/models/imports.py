"""Rows of a catalogue import waiting to be published together, and the catalogue's generation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
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
    # Set while it is published: the practice it created or changed, and that practice's values
    # before (None: created), so that an interrupted publication can be undone.
    practice_id: Mapped[int | None] = mapped_column()
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CatalogGeneration(Base):
    """One row: which catalogue this database holds (`epoch`), and the import being published.

    `epoch` changes when the database is made anew, so that a saved search index of another
    database is never reused; `publishing` names the import whose rows are being copied into
    `practices` batch by batch (readers of the search keep the previous generation meanwhile).
    """

    __tablename__ = "catalog_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    publishing: Mapped[str | None] = mapped_column(String(32))
    heartbeat: Mapped[datetime | None] = mapped_column()
    generation: Mapped[int] = mapped_column(default=0)  # +1 at each published import
