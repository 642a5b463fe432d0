"""Newsletter items and past digests as plain read models (never ORM rows above services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.persistence.models import Digest, NewsletterItem


@dataclass(frozen=True)
class ItemView:
    """A newsletter item: rubric, texts by language, state and when it was published."""

    id: int
    rubric: str
    status: str
    title: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    region_code: str | None = None
    published_at: datetime | None = None
    source_report_id: int | None = None


@dataclass(frozen=True)
class DigestEntry:
    """One digest a subscriber received: its period ('2026-W10', '2026-03') and items."""

    id: int
    period: str
    language: str
    item_ids: tuple[int, ...]
    created_at: datetime


AnyItem = ItemView | NewsletterItem  # what the read-only helpers accept


def item_view(row: NewsletterItem) -> ItemView:
    """The plain copy of an item row."""
    return ItemView(
        id=row.id,
        rubric=row.rubric,
        status=row.status,
        title=dict(row.title or {}),
        body=dict(row.body or {}),
        region_code=row.region_code,
        published_at=row.published_at,
        source_report_id=row.source_report_id,
    )


def digest_entry(row: Digest) -> DigestEntry:
    """The plain copy of a digest row."""
    return DigestEntry(
        row.id, row.period, row.language, tuple(int(i) for i in row.item_ids), row.created_at
    )
