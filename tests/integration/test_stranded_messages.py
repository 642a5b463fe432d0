"""The 'no worker is alive' warning counts what a worker would send, not the terminal chat's."""

from __future__ import annotations

from datetime import timedelta

from core.bootstrap import Hub
from core.domain.delivery import Lane, OutboxStatus
from core.persistence.models import OutboxMessage, PartHeartbeat
from core.services.outbox_status import outbox_health, undelivered_without_worker


async def _queue(hub: Hub, key: str, channel: str) -> None:
    async with hub.uow() as uow:
        uow.session.add(
            OutboxMessage(
                idempotency_key=key,
                kind="reply",
                channel=channel,
                recipient="1",
                status=OutboxStatus.PENDING.value,
                lane=int(Lane.REPLY),
                next_attempt_at=hub.now() - timedelta(hours=1),
            )
        )
        await uow.commit()


async def test_messages_for_the_terminal_chat_strand_nothing(hub: Hub) -> None:
    late = timedelta(seconds=30)
    await _queue(hub, "for-the-terminal", "console")
    async with hub.uow() as uow:
        assert await undelivered_without_worker(uow.rows, hub.now(), late) == 0
        assert not (await outbox_health(uow.rows, hub.now())).stranded
    await _queue(hub, "for-telegram", "telegram")
    async with hub.uow() as uow:
        assert await undelivered_without_worker(uow.rows, hub.now(), late) == 1
        health = await outbox_health(uow.rows, hub.now())
    assert health.stranded
    assert health.for_the_terminal == 1
    async with hub.uow() as uow:  # a worker comes alive: nothing is stranded
        now = hub.now()
        uow.session.add(PartHeartbeat(name="w1", part="worker", started_at=now, seen_at=now))
        await uow.commit()
    async with hub.uow() as uow:
        assert await undelivered_without_worker(uow.rows, hub.now(), late) == 0
