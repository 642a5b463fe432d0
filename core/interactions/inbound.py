"""One inbound message from a chat platform: handled once, its answer queued for delivery.

The answer goes through the outbox like everything else the hub sends, so it is paced with
the rest, retried on failure and never lost if the process stops before sending it. It is
queued in the same transaction as the handling: stored exactly when what it says is. The
keys of the queued rows come back, so the receiving process can send them at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.domain.actor import Actor
from core.i18n import Translator
from core.interactions.context import Context, HubServices
from core.interactions.dispatch import (
    AlreadyHandled,
    handle_arrival,
    parse_text,
    route,
)
from core.interactions.model import Input, Reply, Sender, Text, reply_to_data
from core.persistence.uow import UnitOfWork
from core.services.inbound import first_times
from core.services.outbox import Outgoing, enqueue_many
from core.services.senders import identify_all_in

log = logging.getLogger(__name__)


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
        rows = answers(sender, inbound_id, actor, replies)
        queued[:] = [row.key for row in rows]
        await enqueue_many(uow, rows)

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


def answers(
    sender: Sender, inbound_id: str, actor: Actor | None, replies: list[Reply]
) -> list[Outgoing]:
    """The outbox rows of the replies to one inbound message, to the chat it came from."""
    return [
        Outgoing(
            key=f"reply:{sender.channel}:{inbound_id}:{index}",
            kind="reply",
            channel=sender.channel,
            recipient=sender.chat_id or sender.external_id,
            person_id=actor.person_id if actor else None,
            template="reply",
            params=reply_to_data(reply),
        )
        for index, reply in enumerate(replies)
    ]


@dataclass(frozen=True)
class Arrival:
    """One inbound message, as `receive` takes it."""

    sender: Sender
    message: Input
    inbound_id: str


async def receive_together(
    hub: HubServices, arrivals: Sequence[Arrival]
) -> list[Received | Exception]:
    """`receive` for several messages, in one transaction when all goes well.

    Each message is recorded, its sender identified, the input handled and its answers
    queued, as `receive` does, but one commit covers them all: a crowd of people writing at
    once costs one transaction, not one each. If any of them is refused or fails, or needs
    its own transaction (a sender another process is creating, a handler rolling back), the
    whole is rolled back and each message is received on its own, answered as usual (a
    handler's effects stay in its unit of work, so doing it again is safe). The result of
    each is its Received, or the exception its own `receive` raised.
    """
    if len(arrivals) > 1:
        try:
            return list(await _together(hub, arrivals))
        except Exception as error:  # each is then received on its own
            log.debug("%d messages received one by one (%s)", len(arrivals), type(error).__name__)
    results: list[Received | Exception] = []
    for arrival in arrivals:
        try:
            results.append(
                await receive(hub, arrival.sender, arrival.message, inbound_id=arrival.inbound_id)
            )
        except Exception as error:  # this one's caller sees it
            results.append(error)
    return results


async def _together(hub: HubServices, arrivals: Sequence[Arrival]) -> list[Received]:
    results: list[Received] = []
    rows: list[Outgoing] = []
    async with hub.uow() as uow:
        with uow.together():
            firsts = await first_times([(a.sender.channel, a.inbound_id) for a in arrivals], uow)
            new = [arrival.sender for arrival, first in zip(arrivals, firsts, strict=True) if first]
            actors = iter(await identify_all_in(new, uow, hub.defaults) if new else [])
            for arrival, first in zip(arrivals, firsts, strict=True):
                sender, message = arrival.sender, arrival.message
                if not first:
                    results.append(Received(duplicate=True))
                    continue
                actor = next(actors)
                ctx = Context(actor, Translator(actor.language, actor.timezone), uow, hub)
                parsed = parse_text(message.text) if isinstance(message, Text) else message
                result = await route(ctx, parsed)
                replies = result if isinstance(result, list) else [result]
                mine = answers(sender, arrival.inbound_id, actor, replies)
                rows += mine
                results.append(Received(replies=replies, queued=[row.key for row in mine]))
            await enqueue_many(uow, rows)
        await uow.commit()
    return results


class Receiver:
    """Receives messages for concurrent callers, gathering what arrives while a batch is
    being handled into the next batch (at most `limit`): see `receive_together`."""

    def __init__(self, hub: HubServices, limit: int = 50) -> None:
        self.hub = hub
        self.limit = limit
        self._pending: list[tuple[Arrival, asyncio.Future[Received]]] = []
        # Batches at a time; the next one gathers meanwhile. SQLite writes one at a time; on
        # PostgreSQL a batch's round trips overlap with others' (50 new people at once,
        # in-process: about 300/s with one, 400-490/s with three).
        self._batches = asyncio.Semaphore(1 if hub.uow().takes_turns else 3)
        self._gathering = False  # a batch waits for its turn: new arrivals join it
        self._tasks: set[asyncio.Task[None]] = set()

    async def receive(self, sender: Sender, message: Input, *, inbound_id: str) -> Received:
        future: asyncio.Future[Received] = asyncio.get_running_loop().create_future()
        self._pending.append((Arrival(sender, message, inbound_id), future))
        if not self._gathering:
            self._gathering = True
            task = asyncio.create_task(self._handle())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await asyncio.shield(future)  # a caller gone does not stop the batch

    async def _handle(self) -> None:
        async with self._batches:
            self._gathering = False
            batch, self._pending = self._pending[: self.limit], self._pending[self.limit :]
            if self._pending:  # more than a batch arrived: the rest goes next
                self._gathering = True
                task = asyncio.create_task(self._handle())
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            try:
                results = await receive_together(self.hub, [arrival for arrival, _ in batch])
            except BaseException as error:  # cancelled: the callers must not wait forever
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                raise
            for (_, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, Exception):
                    future.set_exception(result)
                else:
                    future.set_result(result)
