"""What every Slack listener shares: the hub, the Web API client, and how answers go out."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bots.slack import modals
from bots.slack.blocks import SlackMessage, render_reply
from bots.slack.home import home_view
from bots.slack.inputs import ClickGuard, sender_of
from core.bootstrap import Hub
from core.domain.people import Channel
from core.i18n import Translator
from core.interactions import desk_cards
from core.interactions.charts import content_of
from core.interactions.desk_actions import act, redrawn_card
from core.interactions.desk_home import home
from core.interactions.dispatch import apology, identify_sender
from core.interactions.model import Reply, Sender
from core.services.inbound_work import StoredWork, StoreTogether, holder_name

log = logging.getLogger(__name__)
Respond = Callable[..., Awaitable[Any]]


def make_client(token: str, base_url: str) -> AsyncWebClient:
    """A Web API client that waits as long as a 429's Retry-After asks, then retries."""
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )


def work_at_once(hub: Hub) -> int:
    """How many pieces of acknowledged work a Desk runs at once: 4 on PostgreSQL, 2 where the
    database takes turns. The rest wait their turn without holding the loop, so that an ack
    waits behind a few pieces' steps at most.

    bench/slack_ack.py at 100/s, PostgreSQL, 2026-12-04, in the same run: answer p99 1.01-1.07 s
    with 4 against 1.77-2.07 s with 2, ack p99 35-38 ms against 24-27 ms. On SQLite the
    database's turn makes 2 about the same as 1.
    """
    return 2 if hub.uow().takes_turns else 4


@dataclass
class Desk:
    """Used by the lazy listeners, which run as tasks on the app's loop, with the process's hub."""

    hub: Hub
    client: AsyncWebClient
    clicks: ClickGuard = field(default_factory=ClickGuard)
    # Sends queued answers at once from the serving process (set by `bots.slack.app.run`).
    send_now: Callable[[list[str]], None] | None = None
    # At most this many pieces of acknowledged work run at once (None: `work_at_once`).
    concurrency: int | None = None
    # This process's name on the Slack work it stored (bots.slack.work), and how each kind
    # of stored work is done (registered by the listeners).
    holder: str = field(default_factory=lambda: holder_name("slack"))
    kinds: dict[str, Callable[[StoredWork], Awaitable[None]]] = field(default_factory=dict)
    storage: StoreTogether = field(init=False)
    _slots: asyncio.Semaphore = field(init=False)
    _running: set[asyncio.Task[Any]] = field(init=False, default_factory=set)
    _webhooks: aiohttp.ClientSession | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.concurrency is None:
            self.concurrency = work_at_once(self.hub)
        self._slots = asyncio.Semaphore(self.concurrency)
        self.storage = StoreTogether(self.hub.uow, self.holder)

    async def run(self, work: Awaitable[None]) -> None:
        """Do acknowledged work in its turn; `close` waits for it."""
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)  # also keeps Bolt's unreferenced task alive
        try:
            async with self._slots:
                await work
        finally:
            if task is not None:
                self._running.discard(task)

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Start acknowledged work as a task that waits for its turn (`close` waits for it)."""
        task = asyncio.create_task(self.run(work))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def close(self, drain_seconds: float = 20.0) -> None:
        """Let work already acknowledged to Slack finish (Slack will not send it again)."""
        running = [task for task in self._running if task is not asyncio.current_task()]
        if running:
            _done, late = await asyncio.wait(running, timeout=drain_seconds)
            if late:
                log.error("stopping with %d Slack actions still running", len(late))
        if self._webhooks is not None:
            await self._webhooks.close()

    def respond_to(self, payload: dict[str, Any]) -> Respond | None:
        """Post to the request's response_url, if it came with one (one HTTP session for all:
        a session per answer cost about a tenth of the Slack work's time)."""
        url = str(payload.get("response_url") or "")
        if not url:
            return None
        if self._webhooks is None or self._webhooks.closed:
            self._webhooks = aiohttp.ClientSession()
        return AsyncWebhookClient(url, timeout=10, session=self._webhooks).send

    @property
    def channel_t(self) -> Translator:
        """Shared channels read the hub's default language."""
        s = self.hub.settings
        return Translator(s.default_language, s.default_timezone)

    async def answer(
        self,
        replies: Sequence[Reply],
        *,
        user: str,
        respond: Respond | None = None,
        channel: str | None = None,
        trigger: str | None = None,
        carried: dict[str, Any] | None = None,
    ) -> None:
        """Show replies to one person: ephemeral through `respond`, else in a direct message.

        Files (a chart, a calendar) are uploaded to `channel` (where the person asked) or to
        the direct message. A form the core opened opens as a modal with `trigger`, carrying
        `carried` along to its submission.
        """
        for reply in replies:
            if reply.form is not None:
                if trigger:
                    view = modals.view_for(reply.form, **(carried or {}))
                    await self.client.views_open(trigger_id=trigger, view=view)
                continue
            for message in render_reply(reply):
                await self._send(message, user=user, respond=respond, channel=channel)

    async def _send(
        self, message: SlackMessage, *, user: str, respond: Respond | None, channel: str | None
    ) -> None:
        if message.file is not None:
            await self.client.files_upload_v2(
                channel=channel or user,
                content=await content_of(message.file),
                filename=message.file.filename,
                title=message.file.filename,
            )
        elif respond is not None:
            await respond(
                text=message.text,
                blocks=message.blocks,
                response_type="ephemeral",
                replace_original=False,
            )
        else:
            await self.client.chat_postMessage(
                channel=user, text=message.text, blocks=message.blocks, unfurl_links=False
            )

    async def publish_home(self, user: str) -> None:
        """Publish (or refresh) this person's Home tab."""
        acted = await act(self.hub, sender_of(user), home, what="home")
        if acted.value is not None and acted.t is not None:
            await self.client.views_publish(user_id=user, view=home_view(acted.value))

    async def apologise(self, user: str, respond: Respond | None) -> None:
        """Say sorry in the person's language; never raises (it runs on the error path)."""
        try:
            t = self.channel_t
            if user:
                actor = (await identify_sender(self.hub, Sender(Channel.SLACK, user))).actor
                if actor is not None:
                    t = Translator(actor.language, actor.timezone)
            await self.answer([apology(t)], user=user, respond=respond)
        except Exception:
            log.exception("could not apologise to slack user %s", user)

    async def redraw(self, channel: str, ts: str, value: str) -> bool:
        """Redraw the card at (channel, ts) from the database after a press on `value`."""
        card = await redrawn_card(self.hub, desk_cards.desks(), value)
        if card is None:
            return False
        message = render_reply(card)[0]
        await self.client.chat_update(
            channel=channel, ts=ts, text=message.text, blocks=message.blocks
        )
        return True


LazyListener = Callable[..., Awaitable[None]]


def guarded(desk: Desk, what: str) -> Callable[[LazyListener], LazyListener]:
    """Run a lazy listener in its turn; log a failure with its context and apologise to the
    person (Bolt itself would only log it)."""

    def wrap(listener: LazyListener) -> LazyListener:
        async def work(kwargs: dict[str, Any]) -> None:
            try:
                await listener(**kwargs)
            except Exception:
                body = kwargs.get("body") or {}
                log.exception("slack %s failed for user %s", what, user_of(body))
                respond = kwargs.get("respond") if body.get("response_url") else None
                await desk.apologise(user_of(body), respond)

        @functools.wraps(listener)
        async def run(**kwargs: Any) -> None:
            await desk.run(work(kwargs))

        return run

    return wrap


def user_of(body: dict[str, Any]) -> str:
    user = body.get("user_id") or body.get("user") or body.get("event", {}).get("user") or ""
    return str(user.get("id", "") if isinstance(user, dict) else user)
