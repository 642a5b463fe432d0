"""One inbound message from a chat platform: handled once, its answer queued for delivery.

The answer goes through the outbox like everything else the hub sends, so it is paced with
the rest, retried on failure and never lost if the process stops before sending it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.interactions.context import HubServices
from core.interactions.dispatch import handle_as, identify_sender
from core.interactions.model import Input, Reply, Sender, reply_to_data
from core.services.inbound import first_time
from core.services.outbox import Outgoing, enqueue_many


@dataclass
class Received:
    duplicate: bool = False
    replies: list[Reply] = field(default_factory=list)
    queued: int = 0


async def receive(
    hub: HubServices, sender: Sender, message: Input, *, inbound_id: str, queue: bool = True
) -> Received:
    """Answer `message` unless `inbound_id` was seen; queue the replies to the sender's chat."""
    async with hub.uow() as uow:
        if not await first_time(sender.channel, inbound_id, uow):
            return Received(duplicate=True)
        await uow.commit()
    actor, replies = await identify_sender(hub, sender)
    if actor is not None:
        replies = await handle_as(hub, actor, message)
    if not queue:
        return Received(replies=replies)
    recipient = sender.chat_id or sender.external_id
    outgoing = [
        Outgoing(
            key=f"reply:{sender.channel}:{inbound_id}:{index}",
            kind="reply",
            channel=sender.channel,
            recipient=recipient,
            person_id=actor.person_id if actor else None,
            template="reply",
            params=reply_to_data(reply),
        )
        for index, reply in enumerate(replies)
    ]
    async with hub.uow() as uow:
        queued = await enqueue_many(uow, outgoing)
        await uow.commit()
    return Received(replies=replies, queued=queued)
