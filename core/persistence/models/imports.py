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
    # Set when it is published over an existing practice: that practice's values before, so
    # that an interrupted publication can be undone (a row published without it was created).
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CatalogGeneration(Base):
    """One row: which catalogue this database holds (`epoch`), and the import being published.

    `epoch` changes when the database is made anew, so that a saved search index of another
    database is never reused; `publishing` names the import whose staged rows up to `progress`
    (their ids) are in `practices`, copied batch by batch or, when `undoing`, being taken back
    (the search keeps the previous generation meanwhile); `heartbeat` says whoever does it lives.
    """

    __tablename__ = "catalog_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    publishing: Mapped[str | None] = mapped_column(String(32))
    heartbeat: Mapped[datetime | None] = mapped_column()
    progress: Mapped[int] = mapped_column(default=0)
    undoing: Mapped[bool] = mapped_column(default=False)
    generation: Mapped[int] = mapped_column(default=0)  # +1 at each published import
