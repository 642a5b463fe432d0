"""What goes into a digest: published items and upcoming events, picked and composed once
per language and choice of topics/regions, then shared by every subscriber with that choice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.domain.events import INTERNAL_EVENTS
from core.domain.kinds import EventStatus, Frequency, PublicationStatus, Rubric
from core.domain.newsletter import EVENTS_AHEAD, EXCERPT, RUBRIC_ORDER, matches
from core.i18n import pick_language
from core.persistence.models import Event, NewsletterItem
from core.persistence.uow import UnitOfWork
from core.services.newsletter_views import AnyItem
from core.services.question_search import answered_since, entry_params

# Compositions kept at once; beyond this the cache starts again (memory stays flat).
CACHE_LIMIT = 512


@dataclass(frozen=True)
class ItemRow:
    id: int
    rubric: str
    region: str | None
    published_at: datetime
    title: dict[str, Any]
    body: dict[str, Any]


@dataclass(frozen=True)
class EventRow:
    id: int
    region: str | None
    starts_at: datetime
    timezone: str
    title: dict[str, Any]
    place: str | None
    online: bool


def excerpt(text: str, limit: int = EXCERPT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def item_params(item: ItemRow, language: str, *, full: bool = False) -> dict[str, Any]:
    """An item in `language`; `fallback` names the language shown when it is not translated."""
    title, title_fallback = pick_language(item.title, language)
    body, body_fallback = pick_language(item.body, language)
    return {
        "id": item.id,
        "rubric": item.rubric,
        "title": title,
        "text": body if full else excerpt(body),
        "fallback": title_fallback or body_fallback,
        "published_at": item.published_at.isoformat(),
    }


def event_params(event: EventRow, language: str) -> dict[str, Any]:
    title, fallback = pick_language(event.title, language)
    return {
        "id": event.id,
        "title": title,
        "fallback": fallback,
        "starts_at": event.starts_at.isoformat(),
        "timezone": event.timezone,
        "place": event.place,
        "online": event.online,
    }


def sections(items: list[ItemRow], language: str) -> list[dict[str, Any]]:
    """Items grouped by rubric in the digest's order, newest first within a rubric."""
    grouped = []
    for rubric in RUBRIC_ORDER:
        chosen = [item for item in items if item.rubric == rubric]
        chosen.sort(key=lambda item: (item.published_at, item.id), reverse=True)
        if chosen:
            grouped.append(
                {"rubric": rubric.value, "items": [item_params(i, language) for i in chosen]}
            )
    return grouped


def to_item_row(item: AnyItem) -> ItemRow:
    if item.published_at is None:
        raise ValueError("a digest item must be published")
    return ItemRow(item.id, item.rubric, item.region_code, item.published_at, item.title, item.body)


class Composer:
    """Holds the published items and upcoming events of one tick, and the digests composed."""

    def __init__(self, uow: UnitOfWork, now: datetime) -> None:
        self.uow = uow
        self.now = now
        self.items: list[ItemRow] = []
        self.loaded_since: datetime | None = None
        self.events: list[EventRow] | None = None
        self.cache: dict[tuple[object, ...], dict[str, Any]] = {}
        self.picks: dict[tuple[object, ...], list[ItemRow]] = {}
        self.questions: list[dict[str, Any]] | None = None  # answered this month

    async def load_items(self, since: datetime) -> None:
        """Make sure every item published after `since` (up to now) is in memory."""
        if self.loaded_since is not None and self.loaded_since <= since:
            return
        query = select(NewsletterItem).where(
            NewsletterItem.status == PublicationStatus.PUBLISHED,
            NewsletterItem.published_at > since,
            NewsletterItem.published_at <= self.now,
        )
        rows = (await self.uow.session.scalars(query)).all()
        self.items = sorted((to_item_row(row) for row in rows), key=lambda i: i.published_at)
        self.loaded_since = since
        self.picks.clear()
        if self.questions is None:
            month = self.now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            self.questions = [entry_params(e) for e in await answered_since(month, self.uow)]

    async def load_events(self) -> list[EventRow]:
        if self.events is None:
            horizon = self.now + max(EVENTS_AHEAD.values())
            query = (
                select(Event)
                .where(
                    Event.status == EventStatus.SCHEDULED,
                    Event.starts_at > self.now,
                    Event.starts_at <= horizon,
                    Event.kind.not_in(list(INTERNAL_EVENTS)),  # a digest is for everyone
                )
                .order_by(Event.starts_at)
            )
            self.events = [
                EventRow(
                    e.id, e.region_code, e.starts_at, e.timezone, e.title, e.place, e.is_online
                )
                for e in (await self.uow.session.scalars(query)).all()
            ]
        return self.events

    def pick_items(
        self, since: datetime, until: datetime, topics: frozenset[str], regions: frozenset[str]
    ) -> list[ItemRow]:
        """The items of a window and choice (subscribers mostly share both: picked once)."""
        key = (since, until, topics, regions)
        picked = self.picks.get(key)
        if picked is None:
            if len(self.picks) >= CACHE_LIMIT:
                self.picks.clear()
            picked = self.picks[key] = [
                item
                for item in self.items
                if since < item.published_at <= until
                and matches(item.rubric, item.region, topics, regions)
            ]
        return picked

    def pick_events(
        self, frequency: Frequency, regions: frozenset[str], topics: frozenset[str] = frozenset()
    ) -> list[EventRow]:
        """Upcoming events for a subscriber's regions, if they chose events (or everything)."""
        if topics and Rubric.EVENT not in topics:
            return []
        horizon = self.now + EVENTS_AHEAD[frequency]
        return [
            event
            for event in self.events or []
            if event.starts_at <= horizon
            and (not regions or event.region is None or event.region in regions)
        ]

    def compose(
        self,
        *,
        language: str,
        frequency: Frequency,
        period: str,
        items: list[ItemRow],
        events: list[EventRow],
    ) -> dict[str, Any]:
        """The digest's outbox parameters; the same choice is composed only once per tick."""
        key = (language, frequency, period, tuple(i.id for i in items), tuple(e.id for e in events))
        cached = self.cache.get(key)
        if cached is None:
            if len(self.cache) >= CACHE_LIMIT:
                self.cache.clear()
            cached = self.cache[key] = {
                "language": language,
                "frequency": frequency.value,
                "period": period,
                "sections": sections(items, language),
                "events": [event_params(event, language) for event in events],
                **({"questions": self.questions} if self.questions else {}),
            }
        return cached
