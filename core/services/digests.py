"""Digests: composed when each subscriber's local send time has come, enqueued once per period.

Idempotency, even with two schedulers or a restart mid-run: a subscriber is *claimed* for a
period by one conditional UPDATE of `last_digest_at` (only where it is still older than the
period's send time and the subscription is active), then the Digest row (unique per
subscription and period) and the outbox row (unique key) are written in the same transaction.
A second tick finds the claim taken; a crash rolls the whole batch back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Table, and_, or_, select, update

from core.domain.kinds import Frequency
from core.domain.newsletter import MIN_GAP, Period, current_period, next_period
from core.persistence.models import Digest, Identity, Person, Subscription
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert
from core.services.digest_content import Composer
from core.services.outbox import Outgoing, enqueue_many
from core.services.subscriptions import DIGEST_KIND

DIGEST_TEMPLATE = "newsletter.digest"
BATCH = 500


def digest_key(period: str, person_id: int, channel: str) -> str:
    return f"digest:{period}:person:{person_id}:{channel}"


def _due_filter(now: datetime) -> Any:
    return or_(
        *(
            and_(
                Subscription.frequency == frequency,
                or_(
                    Subscription.last_digest_at.is_(None),
                    Subscription.last_digest_at < now - gap,
                ),
            )
            for frequency, gap in MIN_GAP.items()
        )
    )


_COLUMNS = (
    Subscription.id,
    Subscription.person_id,
    Subscription.channel,
    Subscription.language,
    Subscription.frequency,
    Subscription.topics,
    Subscription.regions,
    Subscription.last_digest_at,
    Subscription.created_at,
    Person.timezone,
)


async def enqueue_due_digests(
    now: datetime, uow: UnitOfWork, *, default_zone: str = "UTC", batch: int = BATCH
) -> int:
    """Compose and enqueue every digest whose local send time has come; return how many."""
    composer = Composer(uow, now)
    periods: dict[tuple[str, str], Period] = {}
    after_id, total = 0, 0
    while True:
        rows = (
            await uow.session.execute(
                select(*_COLUMNS)
                .join(Person, Person.id == Subscription.person_id)
                .where(Subscription.active.is_(True), Subscription.id > after_id, _due_filter(now))
                .order_by(Subscription.id)
                .limit(batch)
            )
        ).all()
        if not rows:
            return total
        after_id = rows[-1].id
        due: dict[datetime, list[tuple[Row[Any], Period]]] = defaultdict(list)
        for row in rows:
            zone = row.timezone or default_zone
            period = periods.get((row.frequency, zone))
            if period is None:
                period = current_period(Frequency(row.frequency), now, ZoneInfo(zone))
                periods[(row.frequency, zone)] = period
            fresh = row.last_digest_at is None and row.created_at > period.send_at
            if not fresh and (row.last_digest_at is None or row.last_digest_at < period.send_at):
                due[period.send_at].append((row, period))
        for send_at, group in due.items():
            claimed = await _claim([row.id for row, _ in group], send_at, uow)
            taken = [(row, period) for row, period in group if row.id in claimed]
            total += await _compose_batch(taken, composer, now, uow)
        await uow.commit()


async def _claim(ids: list[int], send_at: datetime, uow: UnitOfWork) -> set[int]:
    """Take these subscriptions for the period ending at `send_at`; return those taken."""
    result = await uow.session.execute(
        update(Subscription)
        .where(
            Subscription.id.in_(ids),
            Subscription.active.is_(True),
            or_(Subscription.last_digest_at.is_(None), Subscription.last_digest_at < send_at),
        )
        .values(last_digest_at=send_at)
        .returning(Subscription.id)
        .execution_options(synchronize_session=False)
    )
    return {row[0] for row in result.all()}


def since_of(row: Any, period: Period) -> datetime:
    """Items after the last digest; a new subscriber also gets one period before subscribing."""
    if row.last_digest_at is not None:
        return row.last_digest_at  # type: ignore[no-any-return]
    return row.created_at - (period.send_at - period.previous_send_at)  # type: ignore[no-any-return]


async def _compose_batch(
    group: list[tuple[Any, Period]], composer: Composer, now: datetime, uow: UnitOfWork
) -> int:
    """Archive and enqueue the digests of claimed subscribers (a few statements per batch)."""
    planned: dict[int, tuple[Any, Outgoing]] = {}
    archive = []
    for row, period in group:
        since = since_of(row, period)
        await composer.load_items(since)
        topics, regions = frozenset(row.topics or ()), frozenset(row.regions or ())
        items = composer.pick_items(since, period.send_at, topics, regions)
        if not items:
            continue  # nobody gets an empty digest; the period is done for them all the same
        frequency = Frequency(row.frequency)
        await composer.load_events()
        params = composer.compose(
            language=row.language,
            frequency=frequency,
            period=period.label,
            items=items,
            events=composer.pick_events(frequency, regions, topics),
        )
        key = digest_key(period.label, row.person_id, row.channel)
        archive.append(
            {
                "subscription_id": row.id,
                "period": period.label,
                "language": row.language,
                "item_ids": [item.id for item in items],
                "outbox_key": key,
                "created_at": now,
            }
        )
        message = Outgoing(
            key, DIGEST_KIND, row.channel, "", row.person_id, DIGEST_TEMPLATE, params
        )
        planned[row.id] = (row, message)
    if not archive:
        return 0
    table = cast(Table, Digest.__table__)
    archived = await uow.session.execute(
        dialect_insert(uow, table)
        .on_conflict_do_nothing(index_elements=["subscription_id", "period"])
        .returning(table.c.subscription_id),
        archive,
    )
    new = [planned[subscription_id] for (subscription_id,) in archived.all()]
    recipients = await _recipients({(row.person_id, row.channel) for row, _ in new}, uow)
    outgoing = [
        replace(message, recipient=recipients[(row.person_id, row.channel)], due_at=now)
        for row, message in new
        if (row.person_id, row.channel) in recipients
    ]
    return await enqueue_many(uow, outgoing)


async def _recipients(wanted: set[tuple[int, str]], uow: UnitOfWork) -> dict[tuple[int, str], str]:
    """Where each (person, channel) is reached; the unreachable are left out."""
    if not wanted:
        return {}
    rows = await uow.session.execute(
        select(Identity.person_id, Identity.channel, Identity.external_id, Identity.chat_id).where(
            Identity.person_id.in_({person_id for person_id, _ in wanted}),
            Identity.unreachable_since.is_(None),
        )
    )
    found: dict[tuple[int, str], str] = {}
    for person_id, channel, external_id, chat_id in rows.all():
        if (person_id, channel) in wanted:
            found.setdefault((person_id, channel), chat_id or external_id)
    return found


@dataclass(frozen=True)
class Preview:
    period: str
    language: str
    params: dict[str, Any] | None  # None: nothing to send


async def preview_digest(
    now: datetime,
    uow: UnitOfWork,
    *,
    person_id: int | None = None,
    language: str | None = None,
    default_zone: str = "UTC",
) -> Preview:
    """The next digest of a subscriber (or of a new weekly subscriber to everything), unsent."""
    row: Any = None
    zone = default_zone
    if person_id is not None:
        found = (
            await uow.session.execute(
                select(*_COLUMNS)
                .join(Person, Person.id == Subscription.person_id)
                .where(Subscription.person_id == person_id, Subscription.active.is_(True))
                .order_by(Subscription.id)
                .limit(1)
            )
        ).first()
        if found is not None:
            row, zone = found, found.timezone or default_zone
        else:
            person = await uow.session.get_one(Person, person_id)
            zone = person.timezone or default_zone
            language = language or person.language
    frequency = Frequency(row.frequency) if row is not None else Frequency.WEEKLY
    period = next_period(frequency, now, ZoneInfo(zone))
    language = language or (row.language if row is not None else "en")
    if row is not None:
        since = since_of(row, period)
        topics, regions = frozenset(row.topics or ()), frozenset(row.regions or ())
    else:
        since, topics, regions = period.previous_send_at, frozenset(), frozenset()
    composer = Composer(uow, now)
    await composer.load_items(since)
    items = composer.pick_items(since, now, topics, regions)
    if not items:
        return Preview(period.label, language, None)
    await composer.load_events()
    params = composer.compose(
        language=language,
        frequency=frequency,
        period=period.label,
        items=items,
        events=composer.pick_events(frequency, regions, topics),
    )
    return Preview(period.label, language, params)
