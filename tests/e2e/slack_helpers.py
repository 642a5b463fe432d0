"""The Slack e2e harness: the real Bolt app over HTTP on 127.0.0.1, a fake Web API, and a
'Slack' that signs its requests like the real one (HMAC-SHA256 v0 over `v0:{ts}:{body}`)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web

from bots.delivery.settings import load_delivery_settings
from bots.delivery.worker import Worker
from bots.slack.app import build_app, serve_http
from bots.slack.cards import HubCardBook
from bots.slack.desk import Desk
from bots.slack.sender import SlackSender
from bots.slack.sender import make_client as make_sender_client
from core.bootstrap import Hub, bootstrap
from core.domain.people import Channel, Role
from core.interactions import desk_cards
from core.services import people
from tests.conftest import make_settings
from tests.fakes.loopback import serve_on_loopback
from tests.fakes.slack_api import TOKEN, FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
MODERATION, BUREAU = "CMODDESK", "CBUREAU"


@dataclass
class Responses:
    """Records what listeners send to `response_url`s (Slack's webhook for replies)."""

    base: str = ""
    posts: list[dict[str, Any]] = field(default_factory=list)
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        async def record(request: web.Request) -> web.Response:
            self.posts.append({"url": str(request.url), **(await request.json())})
            return web.Response(text="ok")

        app = web.Application()
        app.router.add_post("/respond/{n}", record)
        self._runner, port = await serve_on_loopback(app)
        self.base = f"http://127.0.0.1:{port}/respond/"

    def texts(self) -> list[str]:
        return [str(p.get("text", "")) for p in self.posts]


def sign(body: str, *, secret: str = SECRET, at: int | None = None) -> dict[str, str]:
    stamp = str(at if at is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Slack:
    """Plays Slack's side: builds payloads as Slack does and posts them signed."""

    url: str
    responses: Responses
    session: aiohttp.ClientSession
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def response_url(self) -> str:
        return f"{self.responses.base}{next(self._ids)}"

    async def post(
        self, body: str, content_type: str, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        sent = {"Content-Type": content_type, **sign(body), **(headers or {})}
        async with self.session.post(self.url, data=body.encode(), headers=sent) as response:
            return response.status, await response.text()

    async def command(self, user: str, text: str, channel: str = "D0DM") -> int:
        form = {
            "token": "legacy",
            "team_id": "T1",
            "channel_id": channel,
            "user_id": user,
            "user_name": user.lower(),
            "command": "/4p1000",
            "text": text,
            "response_url": self.response_url(),
            "trigger_id": f"trigger-{next(self._ids)}",
        }
        status, _ = await self.post(urlencode(form), "application/x-www-form-urlencoded")
        return status

    async def interact(self, payload: dict[str, Any]) -> int:
        body = urlencode({"payload": json.dumps(payload)})
        status, _ = await self.post(body, "application/x-www-form-urlencoded")
        return status

    async def click(
        self,
        user: str,
        value: str,
        *,
        message: dict[str, Any] | None = None,
        channel: str = MODERATION,
        ts: str = "1700000000.000100",
    ) -> int:
        """Press the button with `value` on a channel message (as shown in `message`)."""
        return await self.interact(
            {
                "type": "block_actions",
                "team": {"id": "T1"},
                "user": {"id": user, "name": user.lower()},
                "api_app_id": "A1",
                "trigger_id": f"trigger-{next(self._ids)}",
                "container": {
                    "type": "message",
                    "message_ts": ts,
                    "channel_id": channel,
                    "is_ephemeral": False,
                },
                "channel": {"id": channel},
                "message": message or {"ts": ts, "blocks": []},
                "response_url": self.response_url(),
                "actions": [
                    {
                        "type": "button",
                        "action_id": "hub:0",
                        "block_id": "b",
                        "value": value,
                        "action_ts": f"{time.time():.6f}",
                    }
                ],
            }
        )

    async def submit(self, user: str, view: dict[str, Any], values: dict[str, Any]) -> int:
        """Submit a modal the app opened, with `values` {block: {action: element state}}."""
        return await self.interact(
            {
                "type": "view_submission",
                "team": {"id": "T1"},
                "user": {"id": user, "name": user.lower()},
                "api_app_id": "A1",
                "trigger_id": f"trigger-{next(self._ids)}",  # each submission has its own
                "view": {**view, "id": "VSUB", "state": {"values": values}},
            }
        )

    async def event(self, event: dict[str, Any], event_id: str, retry: int | None = None) -> int:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": "T1",
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
            }
        )
        headers = (
            {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
            if retry
            else {}
        )
        status, _ = await self.post(body, "application/json", headers)
        return status


@dataclass
class Desktop:
    hub: Hub
    api: FakeSlack
    slack: Slack
    desk: Desk
    responses: Responses

    async def person(self, user: str, name: str, *roles: Role, language: str = "en") -> None:
        """A Slack user known to the hub, with roles and a language."""
        async with self.hub.uow() as uow:
            person = await people.identify(Channel.SLACK, user, uow, display_name=name)
            person.language = language
            for role in roles:
                await people.grant_role(person, role, uow)
            await uow.commit()

    def open_desks(self) -> None:
        """Post new reports and applications to the desk channels as they come."""
        desk_cards.configure(self.hub.settings)

    async def deliver(self) -> int:
        """Run the outbox worker once against the fake Web API."""
        settings = load_delivery_settings(slack_channel_rate=0, delivery_backoff_base=0.1)
        client = make_sender_client(TOKEN, self.api.base_url)
        sender = SlackSender(client, settings, HubCardBook(self.hub))
        worker = Worker(self.hub, {"slack": sender}, settings)
        return await worker.run_once()


async def until(check: Callable[[], Any], timeout: float = 8.0) -> Any:
    """Wait for the lazy listeners: poll `check` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the Slack app")
        await asyncio.sleep(0.02)


@pytest.fixture(name="desktop")
async def desktop_fixture(database_url: str) -> AsyncIterator[Desktop]:
    """The app serving on 127.0.0.1 with a fake Web API, on each database backend."""
    api = FakeSlack()
    await api.start()
    responses = Responses()
    await responses.start()
    settings = make_settings(
        database_url,
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=api.base_url,
        slack_moderation_channel=MODERATION,
        slack_bureau_channel=BUREAU,
        bureau_quorum=2,
    )
    hub = bootstrap(settings)
    # The desks stay closed unless a test opens them (Desktop.open_desks): most tests queue
    # their cards themselves.
    closed = {"slack_moderation_channel": None, "slack_bureau_channel": None}
    desk_cards.configure(settings.model_copy(update=closed))
    app, desk = build_app(hub)
    runner = await serve_http(app, host="127.0.0.1", port=0)
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession() as session:
        slack = Slack(f"http://127.0.0.1:{port}/slack/events", responses, session)
        yield Desktop(hub, api, slack, desk, responses)
    await asyncio.sleep(0.05)  # let the last lazy listeners finish
    await runner.cleanup()
    await desk.close()
    if responses._runner is not None:
        await responses._runner.cleanup()
    await hub.close()
    await api.stop()
    if api.failures:
        pytest.fail("the fake Slack API saw unexpected calls:\n" + "\n".join(api.failures))
