"""The long-lived parts of one `4p1000 serve` process, run together until SIGTERM/SIGINT.

Parts: `worker` (empties the outbox through Telegram and Slack), `scheduler` (the clock),
and the inbound adapters `telegram` and `slack`. An inbound adapter plugs in by providing a
module `bots.<name>.app` with `async def run(hub, stop, send_now) -> None` that serves until
`stop` is set; until it exists, serve says so and runs the other parts.

Each inbound part answers on its own: it has a reply sender for its channel, and calls
`send_now(keys)` with the outbox keys of the answers right after the handling transaction
commits (pacing and row status apply; what it could not send stays for any worker). Every
part beats a heartbeat; on PostgreSQL one listener per process wakes the senders on NOTIFY.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from bots.delivery import wake
from bots.delivery.channels import ChannelSender
from bots.delivery.heartbeat import Heartbeat
from bots.delivery.settings import DeliverySettings
from bots.delivery.worker import Worker
from core.bootstrap import Hub
from core.domain.delivery import Lane
from core.domain.liveness import expected_parts
from core.domain.people import Channel
from scheduler.runner import Clock

log = logging.getLogger(__name__)

PARTS = ("telegram", "slack", "scheduler", "worker")
INBOUND_MODULES = {"telegram": "bots.telegram.app", "slack": "bots.slack.app"}
SendNow = Callable[[list[str]], Awaitable[None]]
Runner = Callable[[Hub, asyncio.Event, SendNow], Coroutine[Any, Any, None]]


def configured_parts(hub: Hub) -> list[str]:
    """Every part the configuration allows: inbound and worker need a channel token."""
    return expected_parts(hub.settings.telegram_enabled, hub.settings.slack_enabled)


def senders(hub: Hub, settings: DeliverySettings) -> dict[str, ChannelSender]:
    """A sender for each configured channel."""
    found: dict[str, ChannelSender] = {}
    config = hub.settings
    if config.telegram_bot_token:
        from bots.telegram.sender import TelegramSender, make_bot

        bot = make_bot(
            config.telegram_bot_token,
            config.telegram_api_base_url,
            pool=settings.delivery_concurrency * 2,
            timeout=settings.delivery_send_timeout,
        )
        found[Channel.TELEGRAM.value] = TelegramSender(bot, settings, config.telegram_rate_limit)
    if config.slack_bot_token:
        from bots.slack.sender import SlackSender, make_client

        client = make_client(
            config.slack_bot_token, config.slack_api_url, timeout=settings.delivery_send_timeout
        )
        from bots.slack.cards import FileFetcher, HubCardBook

        fetchers: dict[str, FileFetcher] = {}
        if config.telegram_bot_token:
            from bots.telegram.files import TelegramFiles

            fetchers["telegram"] = TelegramFiles(bot)
        found[Channel.SLACK.value] = SlackSender(client, settings, HubCardBook(hub), fetchers)
    return found


def inbound(name: str) -> Runner | None:
    try:
        module = importlib.import_module(INBOUND_MODULES[name])
    except ModuleNotFoundError as error:
        if error.name != INBOUND_MODULES[name]:
            raise
        return None
    runner: Runner = module.run
    return runner


async def serve(hub: Hub, parts: list[str], stop: asyncio.Event | None = None) -> None:
    """Run `parts` until `stop` is set or a signal arrives; a crashed part stops them all."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    tasks: dict[str, asyncio.Task[None]] = {}
    settings = hub.delivery
    grace = settings.delivery_reply_grace
    tasks["wake"] = asyncio.create_task(wake.listen(hub, stop))
    if "worker" in parts:
        worker = Worker(hub, senders(hub, settings), settings, reply_grace=grace)
        tasks["worker"] = asyncio.create_task(worker.run(stop))
    if "scheduler" in parts:
        clock = Clock(
            hub,
            tick_seconds=settings.scheduler_tick_seconds,
            lease_seconds=settings.scheduler_lease_seconds,
        )
        tasks["scheduler"] = asyncio.create_task(_beating(hub, clock.holder, clock.run(stop)))
    available = senders(hub, settings)
    for name in ("telegram", "slack"):
        if name in parts:
            runner = inbound(name)
            if runner is None:
                log.warning("the %s inbound adapter is not installed yet: only sending", name)
                continue
            own: dict[str, ChannelSender] = {name: available[name]} if name in available else {}
            replies = Worker(hub, own, settings, lanes=(Lane.REPLY,), part=name, reply_grace=grace)
            tasks[f"{name}-replies"] = asyncio.create_task(replies.run(stop))
            tasks[name] = asyncio.create_task(runner(hub, stop, replies.deliver_now))
    log.info("serving: %s", ", ".join(name for name in tasks if name in PARTS) or "nothing")
    failed: BaseException | None = None
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([stopper, *tasks.values()], return_when=asyncio.FIRST_COMPLETED)
    for name, task in tasks.items():
        if task in done and task.exception() is not None:
            failed = task.exception()
            log.error("%s crashed: %r; stopping", name, failed)
    stop.set()
    await asyncio.gather(*tasks.values(), return_exceptions=True)
    stopper.cancel()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.remove_signal_handler(signum)
    if failed is not None:
        raise failed
    log.info("stopped cleanly")


async def _beating(hub: Hub, name: str, part: Coroutine[Any, Any, None]) -> None:
    """Run a part that has no heartbeat of its own with one (the scheduler)."""
    heartbeat = Heartbeat(hub, name, "scheduler")
    await heartbeat.start()
    try:
        await part
    finally:
        await heartbeat.stop()
