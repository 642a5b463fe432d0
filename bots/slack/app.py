"""The Slack app: slack-bolt's AsyncApp over HTTP (`/slack/events`) or Socket Mode.

HTTP mode serves on SLACK_PORT; Bolt verifies every request's signature (a bad or stale one
gets 401 and reaches no listener). Socket Mode is used when SLACK_APP_TOKEN is set. A command,
a press or a form is stored in the database before it is acknowledged, and its work runs after
the ack as a task (bots.slack.work), so Slack always has its answer within its 3 seconds and a
crash after the ack loses nothing: the next Slack part takes the work up. Events are
acknowledged at once and handled in lazy listeners (a DM is recorded with its handling).
One global error handler logs with context and apologises.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bots.slack.desk import Desk, make_client, user_of
from bots.slack.listeners import actions, commands, events, views
from bots.slack.work import keep
from core.bootstrap import Hub
from core.config import Settings

log = logging.getLogger(__name__)
PATH = "/slack/events"
SendNow = Callable[[list[str]], Coroutine[Any, Any, None]]


def build_app(hub: Hub, client: AsyncWebClient | None = None) -> tuple[AsyncApp, Desk]:
    """The Bolt app with every listener registered, and the desk they share."""
    settings = hub.settings
    assert settings.slack_bot_token
    assert settings.slack_signing_secret
    client = client or make_client(settings.slack_bot_token, settings.slack_api_url)
    app = AsyncApp(
        signing_secret=settings.slack_signing_secret,
        client=client,
        # Run the (tiny) ack listeners inline: the response leaves as soon as ack() is called,
        # instead of after Bolt's 10 ms polling; the work itself stays in lazy listeners.
        process_before_response=True,
        logger=logging.getLogger("slack_bolt"),
    )
    desk = Desk(hub, client)
    for listeners in (commands, actions, views, events):
        listeners.register(app, desk)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        """Log a failed listener with what Slack sent, and apologise to the person."""
        log.error(
            "slack %s failed for user %s: %r",
            body.get("type") or body.get("command") or "request",
            user_of(body),
            error,
            exc_info=error,
        )
        await desk.apologise(user_of(body), None)

    return app, desk


def http_app(app: AsyncApp) -> web.Application:
    """An aiohttp application answering Slack at /slack/events (and /health for probes)."""

    async def slack(request: web.Request) -> web.Response:
        # Bolt verifies the signature, but a timestamp that is not a number makes it fail
        # with a 500 (and wakes the error handler): refuse it here like any bad signature.
        if not request.headers.get("X-Slack-Request-Timestamp", "").isdigit():
            return web.Response(status=401, text="invalid request")
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def health(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application(client_max_size=2 * 1024 * 1024)
    web_app.router.add_post(PATH, slack)
    web_app.router.add_get("/health", health)
    return web_app


async def serve_http(app: AsyncApp, *, host: str = "0.0.0.0", port: int = 3000) -> web.AppRunner:
    """Start listening; the caller cleans the runner up."""
    runner = web.AppRunner(http_app(app), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


async def run(hub: Hub, stop: asyncio.Event, send_now: SendNow | None = None) -> None:
    """Serve Slack until `stop` is set (the `4p1000 serve` entry point)."""
    settings = hub.settings
    app, desk = build_app(hub)
    if send_now is not None:
        sender = send_now
        sending: set[asyncio.Task[None]] = set()

        def hand_over(keys: list[str]) -> None:
            task = asyncio.create_task(sender(keys))
            sending.add(task)
            task.add_done_callback(sending.discard)

        desk.send_now = hand_over
    drained = asyncio.Event()
    keeper = asyncio.create_task(keep(desk, stop, drained))  # and take up a dead one's work
    try:
        await _serve(app, settings, stop)
    finally:
        stop.set()
        await desk.close()  # acknowledged work first (its leases still renewed)
        drained.set()
        await keeper


async def _serve(app: AsyncApp, settings: Settings, stop: asyncio.Event) -> None:
    """Socket Mode when an app token is set, HTTP on SLACK_PORT otherwise."""
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(app, settings.slack_app_token)
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("slack: Socket Mode connected")
        try:
            await stop.wait()
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
        return
    runner = await serve_http(app, port=settings.slack_port)
    log.info("slack: listening on port %s at %s", settings.slack_port, PATH)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
