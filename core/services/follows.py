"""Following kinds of events and regions (to get their reminders and a personal calendar)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from core.domain import vocabulary
from core.domain.errors import N_, InvalidInput
from core.persistence.models import EventFollow
from core.persistence.uow import UnitOfWork
from core.services.regions import region_index


@dataclass(frozen=True)
class Topic:
    """What is followed: a kind, a region, or (both None) every event."""

    kind: str | None = None
    region_code: str | None = None


async def parse_topic(text: str, uow: UnitOfWork) -> Topic:
    """`bureau`, `Afrique de l'Ouest`, `tout`, `mesa` -> a Topic, or a clear InvalidInput."""
    if vocabulary.parse(vocabulary.EVERYTHING, text):
        return Topic()
    if kind := vocabulary.parse(vocabulary.EVENT_KIND, text):
        return Topic(kind=kind)
    if code := (await region_index(uow)).find(text):
        return Topic(region_code=code)
    raise InvalidInput(
        N_("Follow a kind of event ({kinds}), a region, or {everything}. Not {word}."),
        kinds=vocabulary.Choices(vocabulary.EVENT_KIND),
        everything=vocabulary.Choices(vocabulary.EVERYTHING),
        word=text.strip()[:40],
    )


async def follow(person_id: int, topic: Topic, uow: UnitOfWork) -> bool:
    """Follow a topic; False if it was followed already."""
    if topic in await follows_of(person_id, uow):
        return False
    uow.session.add(
        EventFollow(person_id=person_id, kind=topic.kind, region_code=topic.region_code)
    )
    await uow.session.flush()
    return True


async def unfollow(person_id: int, topic: Topic, uow: UnitOfWork) -> bool:
    """Stop following a topic (`all` stops every follow); False if nothing was followed."""
    query = delete(EventFollow).where(EventFollow.person_id == person_id)
    if topic != Topic():
        query = query.where(
            EventFollow.kind.is_(None) if topic.kind is None else EventFollow.kind == topic.kind,
            EventFollow.region_code.is_(None)
            if topic.region_code is None
            else EventFollow.region_code == topic.region_code,
        )
    result = await uow.session.execute(query.execution_options(synchronize_session=False))
    return bool(getattr(result, "rowcount", 0))


async def follows_of(person_id: int, uow: UnitOfWork) -> list[Topic]:
    rows = await uow.session.execute(
        select(EventFollow.kind, EventFollow.region_code)
        .where(EventFollow.person_id == person_id)
        .order_by(EventFollow.id)
    )
    return [Topic(kind, region) for kind, region in rows.all()]
