"""Reference data, partner organisations and the practice database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Double, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.persistence.models.base import Base, utcnow


class Region(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AgroClimaticZone(Base):
    __tablename__ = "zones"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)


class StrategicObjective(Base):
    """One of the 24 objectives of the Strategic Plan 2050 (A1 ... F3)."""

    __tablename__ = "objectives"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    goal: Mapped[str] = mapped_column(String(1))
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)


partner_objectives = Table(
    "partner_objectives",
    Base.metadata,
    Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_code", ForeignKey("objectives.code"), primary_key=True),
)


class Partner(Base):
    __tablename__ = "partners"
    __table_args__ = (Index("ix_partners_changes", "updated_at", "id"),)  # what changed since

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    acronym: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(20))
    college: Mapped[int | None]
    is_member: Mapped[bool] = mapped_column(default=False)
    country: Mapped[str | None] = mapped_column(String(2))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    latitude: Mapped[float | None] = mapped_column(Double)
    longitude: Mapped[float | None] = mapped_column(Double)
    website: Mapped[str | None] = mapped_column(String(500))
    card: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    objectives: Mapped[list[StrategicObjective]] = relationship(
        secondary=partner_objectives, lazy="selectin"
    )


class Practice(Base):
    """A practice sheet, WOCAT-like: names and synonyms per language and what it achieves."""

    __tablename__ = "practices"
    __table_args__ = (
        Index("ix_practices_changes", "updated_at", "id"),  # what changed since
        Index("ix_practices_status", "status"),  # the published ones counted on every look
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    category: Mapped[str] = mapped_column(String(40))
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    synonyms: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tutorials: Mapped[list[Any]] = mapped_column(default=list)
    basis: Mapped[str | None] = mapped_column(String(16))
    results: Mapped[dict[str, Any]] = mapped_column(default=dict)
    zones: Mapped[list[Any]] = mapped_column(default=list)
    regions: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="published")
    source_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("field_reports.id", ondelete="SET NULL")
    )
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
