"""Everything sent later leaves through the outbox: one row per message, keyed for idempotency.

A row carries a *notification*: a template name and plain parameters. It is rendered into a
Reply in the recipient's language and zone when it is sent (core.interactions.notifications),
so a person who changes language before delivery reads it in the new one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.domain.people import Channel
from core.persistence.models import Identity, OutboxMessage, utcnow
from core.persistence.uow import UnitOfWork

# Where to reach a person when the caller does not say: the first reachable identity.
CHANNEL_PREFERENCE = (Channel.TELEGRAM, Channel.SLACK, Channel.CONSOLE)


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
        "attempts": 0,
        "next_attempt_at": due_at or utcnow(),
        "created_at": utcnow(),
    }
    insert = pg_insert if uow.dialect == "postgresql" else sqlite_insert
    statement = (
        insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
    )
    result = await uow.session.execute(statement)
    return bool(getattr(result, "rowcount", 0))
