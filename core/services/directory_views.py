"""Practice sheets and partner cards as plain read models (never ORM rows above services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.persistence.models import Partner, Practice


@dataclass(frozen=True)
class ObjectiveView:
    """A strategic objective a partner works on: its code and names by language."""

    code: str
    names: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PracticeSheet:
    """A published practice: names, texts and tutorials by language, zones and regions."""

    id: int
    slug: str
    category: str
    names: dict[str, Any] = field(default_factory=dict)
    description: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    tutorials: list[Any] = field(default_factory=list)
    basis: str | None = None
    zones: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PartnerCard:
    """A partner of the directory: who, where, what they work on."""

    id: int
    name: str
    category: str
    acronym: str | None = None
    college: int | None = None
    is_member: bool = False
    country: str | None = None
    region_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    card: dict[str, Any] = field(default_factory=dict)
    objectives: tuple[ObjectiveView, ...] = ()


def practice_sheet(row: Practice) -> PracticeSheet:
    """The plain copy of a practice row."""
    return PracticeSheet(
        id=row.id,
        slug=row.slug,
        category=row.category,
        names=dict(row.names or {}),
        description=dict(row.description or {}),
        results=dict(row.results or {}),
        tutorials=list(row.tutorials or []),
        basis=row.basis,
        zones=[str(z) for z in row.zones or []],
        regions=[str(r) for r in row.regions or []],
    )


def partner_card(row: Partner) -> PartnerCard:
    """The plain copy of a partner row (its objectives included)."""
    return PartnerCard(
        id=row.id,
        name=row.name,
        category=row.category,
        acronym=row.acronym,
        college=row.college,
        is_member=row.is_member,
        country=row.country,
        region_code=row.region_code,
        latitude=row.latitude,
        longitude=row.longitude,
        website=row.website,
        card=dict(row.card or {}),
        objectives=tuple(ObjectiveView(o.code, dict(o.names or {})) for o in row.objectives),
    )
