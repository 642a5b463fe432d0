"""Subscribing to the newsletter with recorded consent, choosing topics and regions, stopping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from core.domain import vocabulary
from core.domain.delivery import OutboxStatus
from core.domain.errors import N_, Conflict, InvalidInput
from core.domain.kinds import Frequency, Rubric
from core.domain.people import Channel, ConsentPurpose
from core.persistence.models import ConsentRecord, OutboxMessage, Subscription
from core.persistence.uow import UnitOfWork
from core.services.people import parse_language
from core.services.regions import region_exists

DIGEST_KIND = "digest"


def _frequency(value: str) -> Frequency:
    found = vocabulary.parse(vocabulary.FREQUENCY, value)
    if found is None:
        raise InvalidInput(
            N_("Unknown frequency {frequency}. Choose {choices}."),
            frequency=value[:20],
            choices=vocabulary.Choices(vocabulary.FREQUENCY),
        )
    return Frequency(found)


@dataclass(frozen=True)
class SubscriptionView:
    """A person's newsletter settings on one channel."""

    channel: str
    frequency: str
    language: str
    topics: tuple[str, ...]
    regions: tuple[str, ...]
    active: bool


def _view(row: Subscription) -> SubscriptionView:
    return SubscriptionView(
        channel=str(row.channel),
        frequency=str(row.frequency),
        language=str(row.language),
        topics=tuple(str(topic) for topic in row.topics),
        regions=tuple(str(region) for region in row.regions),
        active=bool(row.active),
    )


async def _find(person_id: int, channel: Channel, uow: UnitOfWork) -> Subscription | None:
    return await uow.session.scalar(
        select(Subscription).where(
            Subscription.person_id == person_id, Subscription.channel == channel
        )
    )


async def _active(person_id: int, channel: Channel, uow: UnitOfWork) -> Subscription:
    subscription = await _find(person_id, channel, uow)
    if subscription is None or not subscription.active:
        raise Conflict(N_("You are not subscribed to the newsletter. Type /subscribe first."))
    return subscription


async def find_subscription(
    person_id: int, channel: Channel, uow: UnitOfWork
) -> SubscriptionView | None:
    """The person's subscription on `channel` (active or ended), if any."""
    found = await _find(person_id, channel, uow)
    return None if found is None else _view(found)


async def active_subscription(
    person_id: int, channel: Channel, uow: UnitOfWork
) -> SubscriptionView:
    """The person's active subscription on `channel`; Conflict when there is none."""
    return _view(await _active(person_id, channel, uow))


def record_consent(
    person_id: int, channel: Channel, granted: bool, now: datetime, uow: UnitOfWork
) -> None:
    """Append to the consent log (never rewritten)."""
    uow.session.add(
        ConsentRecord(
            person_id=person_id,
            purpose=ConsentPurpose.NEWSLETTER,
            granted=granted,
            channel=channel,
            recorded_at=now,
        )
    )


async def subscribe(
    person_id: int,
    channel: Channel,
    *,
    frequency: str,
    language: str,
    now: datetime,
    uow: UnitOfWork,
) -> SubscriptionView:
    """Opt in to the newsletter on `channel`: the explicit consent is logged with time and channel.

    Args:
        person_id: who subscribes; only they may call this (it records their consent).
        channel: where the digests go (the channel they subscribed from).
        frequency: weekly or monthly.
        language: the digests' language (fr, en, es).
        now: the instant of consent.
        uow: the open unit of work (the caller commits).
    """
    wanted, lang = _frequency(frequency), parse_language(language)
    subscription = await _find(person_id, channel, uow)
    if subscription is None:
        subscription = Subscription(
            person_id=person_id, channel=channel, topics=[], regions=[], created_at=now
        )
        uow.session.add(subscription)
    elif subscription.active:
        subscription.frequency, subscription.language = wanted, lang
        return _view(subscription)
    else:
        # A fresh start: the first digest comes at the next regular send.
        subscription.created_at, subscription.last_digest_at = now, None
    subscription.frequency, subscription.language = wanted, lang
    subscription.active, subscription.ended_at = True, None
    record_consent(person_id, channel, True, now, uow)
    await uow.session.flush()
    return _view(subscription)


async def toggle_topic(person_id: int, channel: Channel, topic: str, uow: UnitOfWork) -> list[str]:
    """Add or remove a rubric from the subscriber's topics (none chosen: every rubric)."""
    found = vocabulary.parse(vocabulary.RUBRIC, topic)
    if found is None:
        raise InvalidInput(N_("Unknown rubric {rubric}."), rubric=topic[:40])
    rubric = Rubric(found)
    subscription = await _active(person_id, channel, uow)
    subscription.topics = _toggled(subscription.topics, rubric.value)
    return [str(topic) for topic in subscription.topics]


async def toggle_region(
    person_id: int, channel: Channel, region: str, uow: UnitOfWork
) -> list[str]:
    """Add or remove a region (none chosen: every region)."""
    if not await region_exists(region, uow):
        raise InvalidInput(N_("Unknown region {region}."), region=region[:40])
    subscription = await _active(person_id, channel, uow)
    subscription.regions = _toggled(subscription.regions, region)
    return [str(region) for region in subscription.regions]


def _toggled(values: list[object], value: str) -> list[object]:
    return sorted(
        ([v for v in values if v != value] if value in values else [*values, value]), key=str
    )


@dataclass(frozen=True)
class Stopped:
    subscriptions: int
    cancelled: int


async def stop_newsletter(person_id: int, now: datetime, uow: UnitOfWork) -> Stopped:
    """End every newsletter subscription of the person and cancel their unsent digests.

    The subscriptions are updated first: a digest tick that is composing for this person holds
    those rows (PostgreSQL row locks, SQLite's single writer), so this waits for it and then
    cancels what it enqueued; a tick that comes after sees the subscriptions ended.

    Args:
        person_id: who stops.
        now: when (kept in the consent log).
        uow: the open unit of work (the caller commits).
    """
    ended = (
        await uow.session.execute(
            update(Subscription)
            .where(Subscription.person_id == person_id, Subscription.active.is_(True))
            .values(active=False, ended_at=now)
            .returning(Subscription.channel)
        )
    ).all()
    for (channel,) in ended:
        record_consent(person_id, Channel(channel), False, now, uow)
    cancelled = await cancel_pending(person_id, uow, kind=DIGEST_KIND)
    return Stopped(len(ended), cancelled)


async def cancel_pending(person_id: int, uow: UnitOfWork, *, kind: str | None = None) -> int:
    """Mark the person's unsent outbox rows (of `kind`, or all) cancelled; return how many."""
    statement = (
        update(OutboxMessage)
        .where(
            OutboxMessage.person_id == person_id,
            OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
        )
        .values(status=OutboxStatus.CANCELLED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    if kind is not None:
        statement = statement.where(OutboxMessage.kind == kind)
    result = await uow.session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)
