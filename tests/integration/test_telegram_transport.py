"""PTB's Bot over aiohttp (bots.telegram.transport): the same calls, files and errors."""

# ruff: noqa: F811  (the fakes' fixtures are imported by name)

from __future__ import annotations

import io
import socket

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bots.telegram.sender import make_bot
from bots.telegram.transport import AiohttpRequest
from tests.fakes.telegram_api import FakeTelegram, telegram_api  # noqa: F401


async def test_messages_and_uploads_reach_the_bot_api(telegram_api: FakeTelegram) -> None:
    bot = make_bot(telegram_api.token, telegram_api.base_url)
    async with bot:
        sent = await bot.send_message(42, "Bonjour <b>Aïcha</b>", parse_mode="HTML")
        await bot.send_photo(42, io.BytesIO(b"\x89PNG" + b"0" * 5000), filename="champ.png")
        await bot.send_document(42, io.BytesIO(b"%PDF-1.4 ..."), filename="rapport.pdf")
    assert (sent.chat_id, sent.text) == (42, "Bonjour <b>Aïcha</b>")  # PTB parsed the answer
    calls = {call.method: call.params for call in telegram_api.calls}
    assert calls["sendMessage"]["text"] == "Bonjour <b>Aïcha</b>"
    assert calls["sendPhoto"]["photo"] == {"filename": "champ.png", "size": 5004}
    assert calls["sendDocument"]["document"]["filename"] == "rapport.pdf"


async def test_a_hanging_api_times_out(telegram_api: FakeTelegram) -> None:
    telegram_api.script("sendMessage", "timeout")
    async with Bot(
        telegram_api.token, base_url=telegram_api.base_url, request=AiohttpRequest(timeout=0.3)
    ) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(42, "hello")


async def test_an_unreachable_api_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = make_bot("123:abc", f"http://127.0.0.1:{port}/bot", timeout=2)
    with pytest.raises(NetworkError) as raised:
        await bot.initialize()  # getMe
    assert not isinstance(raised.value, TimedOut)
    await bot.shutdown()
