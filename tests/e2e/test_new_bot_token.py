"""Update ids are per bot: a new bot token on the same database is still answered."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator

import pytest

from bots.parts import serve
from core.bootstrap import bootstrap
from tests.conftest import make_settings
from tests.fakes.loopback import running
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.fakes.telegram_updates import TelegramUser

NEW_TOKEN = "987654321:BBnewbotTOKENforTHEsameDATABASE123"


@contextlib.asynccontextmanager
async def fake(token: str) -> AsyncIterator[FakeTelegram]:
    async for api in running(FakeTelegram(token), "Telegram"):
        yield api


async def answers(api: FakeTelegram, url: str, update: dict[str, object], chat: int) -> None:
    """Serve `api`'s bot on `url` until `chat` got an answer to `update`."""
    settings = make_settings(url, telegram_bot_token=api.token, telegram_api_base_url=api.base_url)
    hub = bootstrap(settings)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(hub, ["telegram"], stop))
    try:
        api.updates.append(update)
        deadline = time.monotonic() + 15
        while not api.sent_to(chat):
            if time.monotonic() > deadline or task.done():
                pytest.fail(f"{api.token.split(':')[0]} never answered")
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
        await hub.close()


async def test_a_new_bot_token_on_the_same_database_is_answered(sqlite_url: str) -> None:
    async with fake(TOKEN) as old, fake(NEW_TOKEN) as new:
        # Both bots number their updates from the same value, as Telegram may.
        first = TelegramUser(801, "Ama", "en", update_ids=itertools.count(42))
        await answers(old, sqlite_url, first.text("/help"), first.id)
        second = TelegramUser(802, "Kwame", "en", update_ids=itertools.count(42))
        await answers(new, sqlite_url, second.text("/help"), second.id)
        assert "/help" in str(new.sent_to(second.id)[0].params["text"])
