"""The worker: claim due outbox rows, render each for its reader, send it paced, record it.

Rows are claimed in batches and sent concurrently; what happened to each is recorded in one
transaction per batch. Two loops share the bot's rate: one for replies and notices, one for
bulk (digests, announcements), which only reserves send slots a short horizon ahead, so a
reply queued during a broadcast waits at most that long. A worker wakes at once when a row
is queued (core.services.outbox_bell) and beats a heartbeat; killed mid-batch, it leaves its
rows `sending` and they are claimed again as soon as its heartbeat is stale (seconds): the
messages already out are then sent a second time (at most one batch per killed worker),
which is logged with the row's key. A database error while looking for work (a hiccup, a
restart of the server) is logged and retried with a growing pause, up to the poll interval:
it does not stop the worker, nor the `serve` it runs in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bots.delivery import outcomes as oc
from bots.delivery.channels import (
    ChannelSender,
    ChatMoved,
    Permanent,
    RateLimited,
    SendFailed,
    Unreachable,
)
from bots.delivery.heartbeat import Heartbeat
from bots.delivery.settings import DeliverySettings
from core.bootstrap import Hub
from core.domain.delivery import Lane
from core.i18n import Translator
from core.interactions.model import Reply
from core.interactions.notifications import render_notification
from core.services import delivery, outbox_bell, pacing
from core.services.delivery import utcnow

log = logging.getLogger(__name__)


@dataclass
class WorkerStats:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    resent_after_crash: list[str] = field(default_factory=list)


class Worker:
    """Empties the outbox for the channels it has senders for (and the lanes it is given)."""

    def __init__(
        self,
        hub: Hub,
        senders: dict[str, ChannelSender],
        settings: DeliverySettings,
        *,
        recipient: str | None = None,
        name: str | None = None,
        lanes: tuple[Lane, ...] = tuple(Lane),
        part: str = "worker",
        reply_grace: float | None = None,
    ) -> None:
        self.hub = hub
        self.senders = senders
        self.settings = settings
        self.recipient = recipient  # the console chat delivers only to its own user
        self.name = name or f"{part}-{uuid.uuid4().hex[:8]}"
        self.lanes = lanes
        self.part = part
        # Replies are left this long to the process that received what they answer.
        self.reply_grace = None if reply_grace is None else timedelta(seconds=reply_grace)
        self.stats = WorkerStats()
        self.stopping = asyncio.Event()
        self._last_prune = utcnow()
        self._sending = asyncio.Semaphore(settings.delivery_concurrency)
        self._waiters: list[asyncio.Event] = []
        self._started = asyncio.Event()
        self._asked: list[str] = []  # keys waiting for the next `deliver_now` batch
        self._asked_done: asyncio.Future[None] | None = None
        self._claiming = asyncio.Lock()  # one claim of asked rows at a time
        self._flush_waiting = False  # a flush waits to claim: new keys join it
        self._flushes: set[asyncio.Task[None]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; rows not yet started then go back to the queue."""
        self.stopping = stop
        for sender in self.senders.values():
            await sender.start()
        heartbeat = Heartbeat(self.hub, self.name, self.part)
        await heartbeat.start()
        self._started.set()
        log.info("%s delivering %s", self.name, ", ".join(self.senders))
        loops = []
        urgent = tuple(lane for lane in self.lanes if lane != Lane.BULK)
        if urgent:
            loops.append(self._loop(urgent, self.settings.delivery_batch_size, None))
        if Lane.BULK in self.lanes:
            horizon = timedelta(seconds=self.settings.delivery_bulk_horizon)
            loops.append(self._loop((Lane.BULK,), self._bulk_batch(), horizon))
        waker = asyncio.create_task(self._wake_on(stop))
        try:
            await asyncio.gather(*loops)
        finally:
            waker.cancel()
            await heartbeat.stop()
            for sender in self.senders.values():
                await sender.close()
            log.info("%s stopped: %s", self.name, self.stats)

    async def _wake_on(self, stop: asyncio.Event) -> None:
        await stop.wait()
        for waiter in self._waiters:
            waiter.set()

    def _bulk_batch(self) -> int:
        """As many bulk rows as fit in the horizon at the channel's rate (they are paced)."""
        intervals = [
            limits[0].interval
            for sender in self.senders.values()
            if (limits := sender.limits("0")) and limits[0].interval > 0
        ]
        if not intervals:
            return self.settings.delivery_batch_size
        fits = int(self.settings.delivery_bulk_horizon / min(intervals)) + 1
        return max(1, min(self.settings.delivery_batch_size, fits))

    async def _loop(self, lanes: tuple[Lane, ...], limit: int, horizon: timedelta | None) -> None:
        """Claim and deliver `lanes` until stopped; sleep until woken or the next row is due."""
        waiter = outbox_bell.BELL.subscribe()
        self._waiters.append(waiter)
        failures = 0
        try:
            while not self.stopping.is_set():
                waiter.clear()
                try:
                    claimed = await self._claim(
                        lanes=lanes, limit=limit, horizon=horizon, keys=None, own_wait=timedelta(0)
                    )
                    if claimed is None:
                        idle = await self._idle_for(lanes)
                    failures = 0
                except Exception:  # nothing was claimed: the rows wait in the outbox
                    failures += 1
                    idle = min(self.settings.delivery_poll_seconds, 0.5 * 2 ** (failures - 1))
                    log.exception(
                        "%s could not read the outbox; trying again in %.1fs", self.name, idle
                    )
                    claimed = None
                if claimed is not None:
                    await self._send(*claimed)
                    await self._prune()
                    continue
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(max(0.0, idle)):
                        await waiter.wait()
        finally:
            outbox_bell.BELL.unsubscribe(waiter)

    async def _idle_for(self, lanes: tuple[Lane, ...]) -> float:
        """Seconds until the next row of `lanes` is due (at most the fallback poll)."""
        async with self.hub.uow() as uow:
            due = await delivery.next_due(
                uow, channels=list(self.senders), lanes=lanes, reply_grace=self.reply_grace
            )
        wait = self.settings.delivery_poll_seconds
        if due is not None:
            wait = min(wait, (due - utcnow()).total_seconds() + 0.005)
        return max(0.0, wait)

    async def deliver_now(self, keys: list[str]) -> None:
        """Send these rows at once (the answers to what this process just received).

        Calls made while a batch is being claimed are gathered into the next one: one claim,
        one pacing reservation and one record for all of them, not one each. A batch being
        sent does not hold the next one back: only claims take turns.
        """
        if not keys:
            return
        await self._started.wait()
        self._asked.extend(keys)
        if self._asked_done is None:
            self._asked_done = asyncio.get_running_loop().create_future()
        done = self._asked_done
        if not self._flush_waiting:
            self._flush_waiting = True
            flush = asyncio.create_task(self._flush())
            self._flushes.add(flush)
            flush.add_done_callback(self._flushes.discard)
        await asyncio.shield(done)

    async def _flush(self) -> None:
        async with self._claiming:
            self._flush_waiting = False
            keys, self._asked = self._asked, []
            done, self._asked_done = self._asked_done, None
            try:
                claimed = await self._claim(
                    lanes=None,
                    limit=len(keys),
                    horizon=None,
                    keys=keys,
                    own_wait=timedelta(seconds=2),
                )
            except Exception:  # the rows stay queued: any worker sends them after the grace
                log.exception("%s could not claim %d answers at once", self.name, len(keys))
                claimed = None
        try:
            if claimed is not None:
                await self._send(*claimed)
        except Exception:  # claimed rows come back to any worker when this one is gone
            log.exception("%s could not send %d answers at once", self.name, len(keys))
        finally:
            if done is not None and not done.done():
                done.set_result(None)

    async def run_once(
        self,
        *,
        lanes: tuple[Lane, ...] | None = None,
        limit: int | None = None,
        horizon: timedelta | None = None,
        keys: list[str] | None = None,
        own_wait: timedelta = timedelta(0),
    ) -> int:
        """Claim one batch and deliver it; return how many rows were claimed."""
        claimed = await self._claim(
            lanes=lanes, limit=limit, horizon=horizon, keys=keys, own_wait=own_wait
        )
        if claimed is None:
            return 0
        await self._send(*claimed)
        return len(claimed[0])

    async def _claim(
        self,
        *,
        lanes: tuple[Lane, ...] | None,
        limit: int | None,
        horizon: timedelta | None,
        keys: list[str] | None,
        own_wait: timedelta,
    ) -> tuple[list[delivery.Claimed], dict[int, pacing.Slot]] | None:
        """Claim a batch and reserve the first send slot of each row, in one transaction.

        A slot further than `horizon` (bulk: short) is not taken: the row goes back to wait.
        """
        async with self.hub.uow() as uow:
            batch, slots = await delivery.claim_paced(
                uow,
                channels=list(self.senders),
                lease=timedelta(seconds=self.settings.delivery_lease_seconds),
                limit=limit or self.settings.delivery_batch_size,
                recipient=self.recipient,
                lanes=lanes if lanes is not None else self.lanes,
                keys=keys,
                by=self.name,
                reply_grace=None if keys else self.reply_grace,
                limits=lambda row: self.senders[row.channel].limits(row.recipient),
                lead=timedelta(seconds=self.settings.delivery_pacing_lead),
                horizon=horizon or timedelta(seconds=self.settings.delivery_lease_seconds / 4),
                own_wait=own_wait,
            )
        return (batch, slots) if batch else None

    async def _send(
        self, batch: list[delivery.Claimed], first_slots: dict[int, pacing.Slot]
    ) -> None:
        """Send a claimed batch (each recipient's rows in order) and record what happened."""

        async def in_order(rows: list[delivery.Claimed]) -> list[oc.Outcome]:
            # One recipient's messages leave one after the other, in the order they were
            # queued; once one must wait, the later ones wait with it.
            done: list[oc.Outcome] = []
            for row in rows:
                if done and isinstance(done[-1], oc.Retry | oc.Moved):
                    at = done[-1].at if isinstance(done[-1], oc.Retry) else utcnow()
                    done.append(oc.Retry(row.id, at, "after an earlier message", count=False))
                    continue
                done.append(await self.deliver(row, first_slots.get(row.id)))
            return done

        chains: dict[tuple[str, str], list[delivery.Claimed]] = {}
        for row in batch:
            chains.setdefault((row.channel, row.recipient), []).append(row)
        results = [
            outcome
            for outcomes in await asyncio.gather(*(in_order(rows) for rows in chains.values()))
            for outcome in outcomes
        ]
        await oc.record(self.hub, results, utcnow())
        for result in results:
            self.stats.sent += isinstance(result, oc.Sent)
            self.stats.retried += isinstance(result, oc.Retry)
            self.stats.dead += isinstance(result, oc.Dead)

    def render(self, row: delivery.Claimed) -> Reply:
        defaults = self.hub.defaults
        t = Translator(row.language or defaults.language, row.timezone or defaults.timezone)
        return render_notification(str(row.payload["template"]), row.payload["params"], t)

    async def deliver(
        self, row: delivery.Claimed, first_slot: pacing.Slot | None = None
    ) -> oc.Outcome:
        """Send every part of one row not sent yet; say what happened.

        `first_slot`, reserved with the rest of the batch, paces the first part to send; a
        slot missed by more than the tolerance is given up for a new one, like any other.
        """
        if row.reclaimed:
            self.stats.resent_after_crash.append(row.key)
            log.warning(
                "possible duplicate: outbox %s (%s) was left sending by a stopped worker; "
                "sending it again",
                row.id,
                row.key,
            )
        if self.stopping.is_set():
            return oc.Retry(row.id, utcnow(), None, count=False)
        if row.attempts > self.settings.delivery_max_attempts:
            return oc.Dead(row.id, f"gave up after {row.attempts - 1} attempts")
        sender = self.senders[row.channel]
        try:
            parts = sender.parts(self.render(row))
        except Exception as error:  # a template bug must not block the queue
            log.exception("cannot render outbox %s (%s)", row.id, row.key)
            return oc.Dead(row.id, f"cannot render: {type(error).__name__}: {error}")
        done = int(row.payload.get("sent_parts", 0))
        for index in range(done, len(parts)):
            planned = first_slot if index == done else None
            slot = await self._slot(sender, row.recipient, first=index == done, planned=planned)
            if slot.deferred:
                return oc.Retry(
                    row.id, slot.at, "paced", count=False, payload=_progress(row, index)
                )
            try:
                async with self._sending:  # at most delivery_concurrency calls at once
                    await asyncio.wait_for(
                        sender.send(row.recipient, parts[index]),
                        self.settings.delivery_send_timeout * 2,
                    )
            except RateLimited as error:
                until = utcnow() + timedelta(seconds=error.retry_after)
                await self._pause(sender, row.recipient, until)
                return oc.Retry(
                    row.id, until, str(error), count=False, payload=_progress(row, index)
                )
            except ChatMoved as error:
                return oc.Moved(
                    row.id,
                    row.channel,
                    row.recipient,
                    error.new_recipient,
                    payload=_progress(row, index),
                )
            except Unreachable as error:
                return oc.Gone(row.id, row.channel, row.recipient, str(error))
            except Permanent as error:
                return oc.Dead(row.id, str(error))
            except (SendFailed, TimeoutError) as error:
                reason = str(error) or type(error).__name__
                if row.attempts >= self.settings.delivery_max_attempts:
                    return oc.Dead(row.id, f"gave up after {row.attempts} attempts: {reason}")
                return oc.Retry(
                    row.id,
                    utcnow() + self.backoff(row.attempts),
                    reason,
                    payload=_progress(row, index),
                )
        return oc.Sent(row.id)

    def backoff(self, attempts: int) -> timedelta:
        """Exponential backoff with jitter (0.5x to 1.5x), so that retries do not march together."""
        base = self.settings.delivery_backoff_base * 2 ** max(0, attempts - 1)
        delay = min(self.settings.delivery_backoff_max, base) * random.uniform(0.5, 1.5)  # noqa: S311 (jitter, not a secret)
        return timedelta(seconds=delay)

    async def _slot(
        self,
        sender: ChannelSender,
        recipient: str,
        *,
        first: bool,
        planned: pacing.Slot | None = None,
    ) -> pacing.Slot:
        """Wait for a send slot. A slot of a busy bucket missed by more than the tolerance
        (this process was stalled) is given up for a new one: sending late would bunch up with
        the next slots. The new one keeps the recipient's buckets this row already holds."""
        limits = sender.limits(recipient)
        if not any(limit.interval > 0 for limit in limits):
            return pacing.Slot(utcnow())
        tolerance = timedelta(seconds=self.settings.delivery_pacing_tolerance)
        held = False  # a missed slot's recipient buckets stay this row's own
        while True:
            slot = planned or await self._pace(limits, first=first and not held, held=held)
            planned = None
            if slot.deferred:
                return slot
            await _sleep_until(slot.at)
            # Late sends bunch up with the ones planned after them; a slot given at the
            # instant asked had no send planned close before it, and goes out even late, and
            # so does a retaken one (once retaken, a row on a lagging loop is not put off
            # again and again: one send bunched at most, within the pacing headroom).
            if utcnow() - slot.at <= tolerance or not slot.queued(tolerance) or held:
                return slot
            held = True
            log.debug(
                "%s missed its send slot by %s; taking another", self.name, utcnow() - slot.at
            )

    async def _pace(
        self, limits: list[pacing.Limit], *, first: bool, held: bool = False
    ) -> pacing.Slot:
        horizon = timedelta(seconds=self.settings.delivery_lease_seconds / 4)
        async with self.hub.uow() as uow:
            # counted from when this process has its turn: waiting for it is no lead
            earliest = utcnow() + timedelta(seconds=self.settings.delivery_pacing_lead)
            return await pacing.reserve(
                uow, limits, earliest, may_defer=first, horizon=horizon, held=held
            )

    async def _pause(self, sender: ChannelSender, recipient: str, until: datetime) -> None:
        limits = [limit for limit in sender.limits(recipient) if limit.interval > 0]
        async with self.hub.uow() as uow:
            for limit in limits[:1]:  # the whole bot waits: flood control is per bot
                await pacing.pause(uow, limit.bucket, until)
            await uow.commit()

    async def _prune(self) -> None:
        now = utcnow()
        if now - self._last_prune < timedelta(minutes=10):
            return
        self._last_prune = now
        keep = tuple(s.limits("0")[0].bucket for s in self.senders.values() if s.limits("0"))
        async with self.hub.uow() as uow:
            await pacing.prune(uow, now - timedelta(hours=1), keep)
            await uow.commit()


def _progress(row: delivery.Claimed, parts_sent: int) -> dict[str, Any] | None:
    """The payload remembering how many parts already went out (None: unchanged)."""
    if parts_sent == int(row.payload.get("sent_parts", 0)):
        return None
    return {**row.payload, "sent_parts": parts_sent}


async def _sleep_until(moment: datetime) -> None:
    delay = (moment - utcnow()).total_seconds()
    if delay > 0:
        await asyncio.sleep(delay)
