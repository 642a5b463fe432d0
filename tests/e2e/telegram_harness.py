"""Run the real Telegram adapter and delivery worker against the fake Bot API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bots.parts import serve
from core.bootstrap import Hub, bootstrap
from core.seed.demo import load_demo
from tests.conftest import make_settings
from tests.fakes.telegram_api import TOKEN, Call, FakeTelegram

WAIT = 15.0


@dataclass
class TelegramHarness:
    hub: Hub
    api: FakeTelegram

    def send(self, *updates: dict[str, Any]) -> None:
        self.api.updates.extend(updates)

    async def until(self, condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}; sent: {self.transcript()}")
            await asyncio.sleep(0.02)

    async def replies(self, chat_id: int, count: int, timeout: float = WAIT) -> list[Call]:
        """Wait until `chat_id` received `count` messages in all; return them all."""
        await self.until(lambda: len(self.api.sent_to(chat_id)) >= count, f"{count} messages")
        return self.api.sent_to(chat_id)

    async def texts(self, chat_id: int, count: int) -> list[str]:
        return [str(c.params.get("text", "")) for c in await self.replies(chat_id, count)]

    def transcript(self) -> list[tuple[str, str, str]]:
        """The last messages sent: (chat, text, buttons)."""
        return [
            (str(c.params.get("chat_id")), str(c.params.get("text", ""))[:160], str(buttons(c)))
            for c in self.api.sent[-8:]
        ]


def buttons(call: Call) -> list[tuple[str, str]]:
    """(label, callback data) of the inline keyboard a message carried."""
    import json

    markup = call.params.get("reply_markup")
    if not markup:
        return []
    rows = json.loads(markup)["inline_keyboard"] if isinstance(markup, str) else markup
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


@pytest.fixture
async def telegram(
    telegram_api: FakeTelegram,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[TelegramHarness]:
    """The hub serving Telegram (polling) and delivering, on the demo data."""
    monkeypatch.setenv("DELIVERY_POLL_SECONDS", "0.05")
    monkeypatch.setenv("TELEGRAM_CHAT_RATE", "100")
    settings = make_settings(
        sqlite_url, telegram_bot_token=TOKEN, telegram_api_base_url=telegram_api.base_url
    )
    hub = bootstrap(settings)
    await load_demo(hub)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(hub, ["telegram", "worker"], stop))
    await _started(telegram_api)
    yield TelegramHarness(hub, telegram_api)
    stop.set()
    await asyncio.wait_for(task, 20)
    await hub.close()


async def _started(api: FakeTelegram) -> None:
    deadline = time.monotonic() + WAIT
    while not any(c.method == "getUpdates" for c in api.calls):
        if time.monotonic() > deadline:
            pytest.fail("the bot never polled")
        await asyncio.sleep(0.02)
