"""One inbound message from a chat platform: handled once, its answer queued for delivery.

The answer goes through the outbox like everything else the hub sends, so it is paced with
the rest, retried on failure and never lost if the process stops before sending it. It is
queued in the same transaction as the handling: stored exactly when what it says is. The
keys of the queued rows come back, so the receiving process can send them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.domain.actor import Actor
from core.interactions.context import HubServices
from core.interactions.dispatch import AlreadyHandled, handle_arrival
from core.interactions.model import Input, Reply, Sender, reply_to_data
from core.persistence.uow import UnitOfWork
from core.services.outbox import Outgoing, enqueue_many


@dataclass
class Received:
    duplicate: bool = False
    replies: list[Reply] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)  # outbox keys of the answers


async def receive(
    hub: HubServices, sender: Sender, message: Input, *, inbound_id: str, queue: bool = True
) -> Received:
    """Answer `message` unless `inbound_id` was seen; queue the replies to the sender's chat.

    `inbound_id` is recorded in the transaction of the sender's identification, the handling
    and its answers (one transaction): a crash before that commit leaves the message
    unrecorded, and the platform's retry is answered.
    """
    queued: list[str] = []

    async def to_outbox(uow: UnitOfWork, actor: Actor | None, replies: list[Reply]) -> None:
        queued[:] = [f"reply:{sender.channel}:{inbound_id}:{i}" for i in range(len(replies))]
        await enqueue_many(
            uow,
            [
                Outgoing(
                    key=queued[index],
                    kind="reply",
                    channel=sender.channel,
                    recipient=sender.chat_id or sender.external_id,
                    person_id=actor.person_id if actor else None,
                    template="reply",
                    params=reply_to_data(reply),
                )
                for index, reply in enumerate(replies)
            ],
        )

    try:
        replies = await handle_arrival(
            hub,
            sender,
            message,
            deliver=to_outbox if queue else None,
            once=(sender.channel, inbound_id),
        )
    except AlreadyHandled:
        return Received(duplicate=True)
    return Received(replies=replies, queued=queued)
