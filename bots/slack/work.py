"""Acknowledged Slack work: stored before the ack, done in its turn, taken up after a crash.

A listener maps what Slack sent to a stored request (the core's input, who sent it, where to
answer) and `accept` stores it in one short transaction before acknowledging: what Slack was
told we have is in the database. The work then runs as a task on the app's loop, in its turn
(Desk.run), and its record is marked done in the handling's own transaction. `keep` renews
this process's leases while it lives and takes up the records of a process that died.
A retry of a request (Slack's X-Slack-Retry-Num, the same trigger) stores nothing new.
A request that cannot be stored (the database is away) is not acknowledged: Slack shows the
person that it failed, and the app's error handler apologises, rather than losing it silently.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from slack_bolt.async_app import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack.desk import Desk
from bots.slack.inputs import sender_of
from core.domain.people import Channel
from core.interactions.model import Reply, Sender
from core.interactions.stored_work import handle_stored, input_from_data
from core.services import inbound_work
from core.services.inbound_work import Request, StoredWork

log = logging.getLogger(__name__)
CHANNEL = Channel.SLACK.value
TRIGGER_LIFE = timedelta(seconds=2.5)  # Slack's trigger_id opens a modal within 3 s only
Handler = Callable[[StoredWork], Awaitable[None]]


def request_key(request: AsyncBoltRequest | None, body: dict[str, Any]) -> str:
    """What makes a request one: its trigger (unique per command, press or submission), an
    event's id, else its whole body (a retry sends the same one)."""
    trigger = str(body.get("trigger_id") or "")
    if trigger:
        return f"trigger:{trigger}"
    event = str(body.get("event_id") or "")
    if event:
        return f"event:{event}"
    raw = request.raw_body if request is not None else repr(sorted(body.items()))
    return "body:" + hashlib.sha256(raw.encode()).hexdigest()


async def accept(
    desk: Desk,
    ack: AsyncAck,
    request: AsyncBoltRequest | None,
    body: dict[str, Any],
    kind: str,
    payload: dict[str, Any],
) -> None:
    """Store the request, acknowledge it, then start its work (a retry only gets the ack)."""
    key = request_key(request, body)
    stored = await desk.storage.store(Request(CHANNEL, key, kind, payload))
    await ack()
    if stored is None:
        retry = request.headers.get("x-slack-retry-num", [""])[0] if request else ""
        log.info("slack %s %s received again (retry %s): stored once", kind, key, retry or "-")
        return
    start(desk, stored)


def start(desk: Desk, stored: StoredWork) -> None:
    """Do the stored work as a task, in its turn."""
    desk.spawn(perform(desk, stored))


async def perform(desk: Desk, stored: StoredWork) -> None:
    """Run the work of one record; a failure is logged and apologised for."""
    handler = desk.kinds.get(stored.kind)
    payload = stored.payload
    user = str(payload.get("user", ""))
    if handler is None:
        log.error("slack work %s of unknown kind %r left undone", stored.id, stored.kind)
        return
    try:
        await handler(stored)
    except Exception:
        log.exception("slack %s failed for user %s", stored.kind, user)
        await desk.apologise(user, desk.respond_to(payload))


def fresh_trigger(stored: StoredWork) -> str:
    """The request's trigger while it can still open a modal ('' for old work taken up)."""
    trigger = str(stored.payload.get("trigger") or "")
    return trigger if stored.age() < TRIGGER_LIFE else ""


async def handled(desk: Desk, stored: StoredWork) -> tuple[Sender, list[Reply]] | None:
    """Hand the stored input to the core, once: its sender and the replies (None: done before,
    by this process or another that took it up)."""
    p = stored.payload
    sender = sender_of(str(p["user"]), name=str(p.get("name", "")))
    replies = await handle_stored(desk.hub, sender, input_from_data(p["input"]), stored.id)
    return None if replies is None else (sender, replies)


async def form_trigger(
    desk: Desk, stored: StoredWork, sender: Sender, replies: list[Reply]
) -> str | None:
    """The trigger that opens the replies' form ('' when none is needed or it has expired);
    None when a form is needed but the trigger expired (old work taken up): apologised for."""
    trigger = fresh_trigger(stored)
    if trigger or not any(reply.form is not None for reply in replies):
        return trigger
    await desk.apologise(sender.external_id, desk.respond_to(stored.payload))
    return None


async def keep(desk: Desk, stop: asyncio.Event, drained: asyncio.Event) -> None:
    """Renew this process's leases until `drained`; until `stop`, also take up abandoned work
    and forget old records. (Between the two, the acknowledged work drains: its leases stay
    renewed, so that another process does not take it up meanwhile.)"""
    rounds = 0
    while not drained.is_set():
        try:
            await inbound_work.renew(desk.hub.uow, desk.holder)
            if not stop.is_set():
                if rounds % 1200 == 0:  # about hourly
                    await inbound_work.forget_done(desk.hub.uow)
                await take_up(desk)
        except Exception:  # the database may be away for a moment: try again next round
            log.warning("slack: could not look after stored work", exc_info=True)
        rounds += 1
        wake = drained if stop.is_set() else stop
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), inbound_work.RENEW_SECONDS)


async def take_up(desk: Desk) -> None:
    """Start the work a stopped process acknowledged and did not do."""
    for stored in await inbound_work.claim_abandoned(desk.hub.uow, CHANNEL, desk.holder):
        log.warning(
            "slack: taking up %s %s acknowledged by a stopped process (attempt %d)",
            stored.kind,
            stored.id,
            stored.attempts,
        )
        start(desk, stored)
