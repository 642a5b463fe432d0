"""Everything sent later leaves through the outbox: one row per message, keyed for idempotency.

A row carries a *notification*: a template name and plain parameters. It is rendered into a
Reply in the recipient's language and zone when it is sent (core.interactions.notifications),
so a person who changes language before delivery reads it in the new one.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, cast

from sqlalchemy import Select, Table, select
from sqlalchemy.sql.dml import ReturningInsert

from core.domain.delivery import Lane, lane_of
from core.domain.people import Channel
from core.persistence.models import Identity, OutboxMessage, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import Insert, dialect_insert, insert_for, prepared
from core.services.outbox_bell import ring_on_commit

# Where to reach a person when the caller does not say: the first reachable identity.
CHANNEL_PREFERENCE = (Channel.TELEGRAM, Channel.SLACK, Channel.CONSOLE)
OUTBOX = cast(Table, OutboxMessage.__table__)


async def reachable_identity(
    person_id: int, uow: UnitOfWork, channel: Channel | None = None
) -> Identity | None:
    identities = (
        await uow.session.scalars(
            select(Identity).where(
                Identity.person_id == person_id, Identity.unreachable_since.is_(None)
            )
        )
    ).all()
    order = [channel] if channel else list(CHANNEL_PREFERENCE)
    for wanted in order:
        for identity in identities:
            if identity.channel == wanted:
                return identity
    return None


async def enqueue(
    uow: UnitOfWork,
    *,
    key: str,
    kind: str,
    person_id: int,
    template: str,
    params: dict[str, Any],
    channel: Channel | None = None,
    due_at: datetime | None = None,
) -> bool:
    """Queue `template(params)` for a person; False if the key exists or they are unreachable.

    Args:
        uow: the open unit of work; the row is written with the caller's transaction.
        key: the idempotency key, e.g. `report:12:decided:approved`; enqueueing it twice is a no-op.
        kind: what this is (notification, reminder, digest, announcement), for figures.
        person_id: the recipient.
        template: a name registered in core.interactions.notifications.
        params: JSON-serialisable values for the template.
        channel: force a channel; by default the person's first reachable one.
        due_at: not before this instant (default: now).
    """
    identity = await reachable_identity(person_id, uow, channel)
    if identity is None:
        return False
    values = {
        "idempotency_key": key,
        "kind": kind,
        "channel": identity.channel,
        "recipient": identity.chat_id or identity.external_id,
        "person_id": person_id,
        "payload": {"template": template, "params": params},
        "status": "pending",
        "lane": lane_of(kind),
        "attempts": 0,
        "next_attempt_at": due_at or utcnow(),
        "created_at": utcnow(),
    }
    statement = (
        dialect_insert(uow, OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
    )
    result = await uow.session.execute(statement)
    added = bool(getattr(result, "rowcount", 0))
    if added and lane_of(kind) != Lane.REPLY:
        await ring_on_commit(uow)
    return added


@dataclass(frozen=True)
class Outgoing:
    """One message for `enqueue_many`: where it goes is already known."""

    key: str
    kind: str
    channel: str
    recipient: str
    person_id: int | None
    template: str
    params: dict[str, Any]
    due_at: datetime | None = None


async def _batches(
    messages: Iterable[Outgoing] | AsyncIterable[Outgoing], size: int
) -> AsyncIterator[list[Outgoing]]:
    if isinstance(messages, AsyncIterable):
        chunk: list[Outgoing] = []
        async for message in messages:
            chunk.append(message)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
        return
    iterator = iter(messages)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _queue_built(dialect: str) -> Insert:
    return insert_for(dialect, OUTBOX).on_conflict_do_nothing(index_elements=["idempotency_key"])


_queue = prepared(_queue_built)


@prepared
def _queue_counted(dialect: str) -> ReturningInsert[Any]:
    return _queue_built(dialect).returning(OUTBOX.c.id)


async def enqueue_many(
    uow: UnitOfWork,
    messages: Iterable[Outgoing] | AsyncIterable[Outgoing],
    *,
    batch: int = 2000,
) -> int:
    """Queue many messages, streamed in batches; return how many were new.

    Memory stays flat: `messages` is consumed `batch` at a time (pass a generator, sync or
    async).

    Args:
        uow: the open unit of work; the caller commits.
        messages: the messages; a key that exists already is skipped, as with `enqueue`.
        batch: rows per INSERT.
    """
    plain = _queue(uow)
    added = 0
    ring = False  # replies are sent by the process that queued them: no one else to wake
    async for chunk in _batches(messages, batch):
        ring = ring or any(lane_of(m.kind) != Lane.REPLY for m in chunk)
        now = utcnow()
        rows = [
            {
                "idempotency_key": m.key,
                "kind": m.kind,
                "channel": m.channel,
                "recipient": m.recipient,
                "person_id": m.person_id,
                "payload": {"template": m.template, "params": m.params},
                "status": "pending",
                "lane": lane_of(m.kind),
                "attempts": 0,
                "next_attempt_at": m.due_at or now,
                "created_at": now,
            }
            for m in chunk
        ]
        if uow.dialect == "postgresql":
            added += len((await uow.session.execute(_queue_counted(uow), rows)).all())
        else:  # SQLite's executemany counts inserted rows, and is much faster than RETURNING
            result = await uow.session.execute(plain, rows)
            added += int(getattr(result, "rowcount", 0) or 0)
    if added and ring:
        await ring_on_commit(uow)
    return added


async def reachable_people(
    uow: UnitOfWork, person_ids: Select[int], *, page: int = 2000
) -> AsyncIterator[tuple[int, str, str]]:
    """(person id, channel, recipient) for each person of `person_ids` reachable somewhere.

    Each person's preferred reachable channel is chosen. The audience is read in pages of
    `page` ids (keyset on the id), so memory does not grow with the number of people.
    """
    rank = {channel.value: i for i, channel in enumerate(CHANNEL_PREFERENCE)}
    audience = person_ids.subquery()
    person_id = audience.c[0]
    after = 0
    while True:
        ids = (
            await uow.session.scalars(
                select(person_id).where(person_id > after).order_by(person_id).limit(page)
            )
        ).all()
        if not ids:
            return
        after = ids[-1]
        rows = await uow.session.execute(
            select(
                Identity.person_id, Identity.channel, Identity.external_id, Identity.chat_id
            ).where(Identity.person_id.in_(ids), Identity.unreachable_since.is_(None))
        )
        best: dict[int, tuple[int, str, str]] = {}
        for owner, channel, external_id, chat_id in rows:
            current = best.get(owner)
            if current is None or rank.get(channel, 9) < rank.get(current[1], 9):
                best[owner] = (owner, channel, chat_id or external_id)
        for owner in sorted(best):
            yield best[owner]
