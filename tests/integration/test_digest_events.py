"""Events in a digest: public meetings only, and only for subscribers who chose events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.bootstrap import Hub
from core.domain.kinds import EventStatus, Frequency, Rubric
from core.persistence.models import Event
from core.services.digest_content import Composer

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def _event(hub: Hub, kind: str, title: str) -> None:
    async with hub.uow() as uow:
        start = NOW + timedelta(days=3)
        uow.session.add(
            Event(
                kind=kind,
                title={"en": title},
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                timezone="UTC",
                status=EventStatus.SCHEDULED,
                online_url="https://example.org/join",
            )
        )
        await uow.commit()


async def test_digest_events_follow_topics_and_leave_internal_meetings_out(hub: Hub) -> None:
    await _event(hub, "webinar", "Soil carbon webinar")
    await _event(hub, "bureau", "Bureau meeting")
    await _event(hub, "stc", "STC session")
    async with hub.uow() as uow:
        composer = Composer(uow, NOW)
        await composer.load_events()
        everything = composer.pick_events(Frequency.WEEKLY, frozenset())
        assert [e.title["en"] for e in everything] == ["Soil carbon webinar"]
        chose_events = frozenset({Rubric.NEWS.value, Rubric.EVENT.value})
        assert len(composer.pick_events(Frequency.WEEKLY, frozenset(), chose_events)) == 1
        news_only = frozenset({Rubric.NEWS.value})
        assert composer.pick_events(Frequency.WEEKLY, frozenset(), news_only) == []
