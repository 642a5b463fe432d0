"""Each `serve` part answers on its own, started as a separate process, with no worker."""

from __future__ import annotations

import asyncio
import json
import signal
import time
import urllib.parse
from pathlib import Path

import aiohttp
import pytest

from core.bootstrap import bootstrap
from core.seed.demo import load_demo
from tests.conftest import make_settings
from tests.e2e.both_bots import free_port
from tests.e2e.delivery_support import PROGRAM, start, worker_env
from tests.e2e.slack_helpers import SECRET, Responses, sign
from tests.fakes.slack_api import TOKEN as SLACK_TOKEN
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import TelegramUser


async def demo_database(url: str) -> None:
    hub = bootstrap(make_settings(url))
    try:
        await load_demo(hub)
    finally:
        await hub.close()


async def until(condition, what: str, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def post_update(hook: str, update: dict[str, object]) -> None:
    """POST an update as the Bot API does (the listener may still be starting)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    deadline = time.monotonic() + 10
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.post(hook, json=update, headers=headers) as answer:
                    assert answer.status == 200
                    return
            except aiohttp.ClientConnectorError:
                assert time.monotonic() < deadline, "the webhook never listened"
                await asyncio.sleep(0.05)


async def stop(process: asyncio.subprocess.Process, log: Path) -> None:
    process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), 30)
    assert code == 0, log.read_text()[-3000:]


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_serve_telegram_alone_answers(
    mode: str, sqlite_url: str, telegram_api: FakeTelegram, tmp_path: Path
) -> None:
    await demo_database(sqlite_url)
    extra: dict[str, str] = {"TELEGRAM_CHAT_RATE": "100"}
    hook = ""
    if mode == "webhook":
        port = free_port()
        hook = f"http://127.0.0.1:{port}/tg-hook"
        extra.update(
            TELEGRAM_WEBHOOK_URL=hook,
            TELEGRAM_WEBHOOK_SECRET="s3cret",
            TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
            TELEGRAM_WEBHOOK_PORT=str(port),
        )
    env = worker_env(sqlite_url, telegram_api.base_url, **extra)
    log = tmp_path / "serve.log"
    process = await start([str(PROGRAM), "serve", "--telegram"], env, log)
    try:
        method = "getUpdates" if mode == "polling" else "setWebhook"
        await until(lambda: any(c.method == method for c in telegram_api.calls), method)
        amadou = TelegramUser(701, "Amadou", "fr")
        updates = [
            amadou.text("/start"),
            amadou.text("/help"),
            amadou.text("/practices agroforesterie"),
        ]
        for update in updates:
            count = len(telegram_api.sent_to(amadou.id))
            if mode == "polling":
                telegram_api.updates.append(update)
            else:
                await post_update(hook, update)
            await until(lambda c=count: len(telegram_api.sent_to(amadou.id)) > c, "an answer")

        def texts() -> list[str]:
            return [str(c.params.get("text", "")) for c in telegram_api.sent_to(amadou.id)]

        await until(lambda: any("Agroforesterie" in text for text in texts()), "results")
        assert any("Bienvenue" in text for text in texts())
        assert any("Ce que je sais faire" in text for text in texts())
        assert "worker" not in log.read_text().split("serving:")[1].splitlines()[0]
    finally:
        await stop(process, log)


async def test_serve_slack_alone_answers_a_slash_command_and_a_direct_message(
    sqlite_url: str, tmp_path: Path
) -> None:
    await demo_database(sqlite_url)
    api = FakeSlack()
    await api.start()
    responses = Responses()
    await responses.start()
    port = free_port()
    env = {k: v for k, v in worker_env(sqlite_url, "http://unused").items() if "TELEGRAM" not in k}
    env.update(
        SLACK_BOT_TOKEN=SLACK_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=api.base_url,
        SLACK_PORT=str(port),
    )
    log = tmp_path / "serve.log"
    process = await start([str(PROGRAM), "serve", "--slack"], env, log)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 20
            while True:
                try:
                    async with http.get(f"http://127.0.0.1:{port}/health") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    assert time.monotonic() < deadline, "the Slack app did not start"
                    await asyncio.sleep(0.1)
            form = {
                "command": "/4p1000",
                "text": "help",
                "user_id": "U777",
                "user_name": "ana",
                "team_id": "T1",
                "channel_id": "D777",
                "response_url": f"{responses.base}1",
                "trigger_id": "t1",
            }
            body = urllib.parse.urlencode(form)
            headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
            async with http.post(url, data=body, headers=headers) as answer:
                assert answer.status == 200
            await until(lambda: bool(responses.posts), "the slash command's answer")
            assert "/4p1000" in " ".join(responses.texts()) or responses.texts()[0]
            event = {
                "type": "event_callback",
                "event_id": "Ev777",
                "team_id": "T1",
                "event": {
                    "type": "message",
                    "channel_type": "im",
                    "channel": "D777",
                    "user": "U777",
                    "text": "/help",
                    "ts": "1.0",
                },
            }
            raw = json.dumps(event)
            headers = {"Content-Type": "application/json", **sign(raw)}
            async with http.post(url, data=raw, headers=headers) as answer:
                assert answer.status == 200
            await until(lambda: bool(api.posted), "the direct message's answer")
    finally:
        await stop(process, log)
        await api.stop()
        if responses._runner is not None:
            await responses._runner.cleanup()
