"""The real python-telegram-bot Application and delivery worker against a fake Bot API."""

from __future__ import annotations

import json

from sqlalchemy import select

from core.persistence.models import Identity
from tests.e2e.telegram_harness import TelegramHarness, buttons
from tests.fakes.telegram_updates import TelegramUser


async def test_commands_menu_is_published_in_three_languages(telegram: TelegramHarness) -> None:
    calls = [c for c in telegram.api.calls if c.method == "setMyCommands"]
    languages = {c.params.get("language_code") for c in calls}
    assert languages == {None, "fr", "en", "es"}
    french = next(c for c in calls if c.params.get("language_code") == "fr")
    commands = json.loads(french.params["commands"])
    assert {"command": "help", "description": "Ce que je sais faire"} in commands


async def test_a_french_farmer_searches_practices_and_pages(telegram: TelegramHarness) -> None:
    amadou = TelegramUser(501, "Amadou", "fr")
    telegram.send(amadou.text("/start"))
    welcome = await telegram.texts(amadou.id, 2)
    assert "Bienvenue" in welcome[0]
    telegram.send(amadou.text("/practices agroforesterie"))
    results = await telegram.replies(amadou.id, 3)
    assert "Agroforesterie" in str(results[-1].params["text"])
    pages = [data for _label, data in buttons(results[-1])]
    assert pages, "results come with buttons"
    telegram.send(amadou.press(pages[0]))
    opened = await telegram.replies(amadou.id, 4)
    assert opened[-1].params["text"] != results[-1].params["text"]
    assert all(c.params.get("parse_mode") == "HTML" for c in opened)


async def test_the_same_update_twice_is_handled_once(telegram: TelegramHarness) -> None:
    lucia = TelegramUser(502, "Lucía", "es")
    update = lucia.text("/help")
    telegram.send(update, update)
    telegram.send(lucia.text("/me"))
    texts = await telegram.texts(lucia.id, 2)
    assert "Lo que puedo hacer" in texts[0]
    assert "Idioma" in texts[1]
    await telegram.until(lambda: len(telegram.api.updates) == 0, "updates consumed")
    assert len(telegram.api.sent_to(lucia.id)) == 2


async def test_bad_input_gets_a_clear_localized_answer(telegram: TelegramHarness) -> None:
    ana = TelegramUser(503, "Ana", "es")
    telegram.send(ana.sticker(), ana.voice(), ana.press("forged:42"), ana.text("x" * 5000))
    telegram.send(ana.text("/practices <b>bold</b> & <script>"), ana.text("/frobnicate"))
    texts = await telegram.texts(ana.id, 6)
    assert "No puedo usar este tipo de archivo" in texts[0]
    assert "No puedo usar este tipo de archivo" in texts[1]
    assert "Este botón ya no es válido" in texts[2]
    assert all(len(text) <= 4096 for text in texts)
    assert "&lt;b&gt;" in texts[4] or "bold" not in texts[4]
    assert "Comando desconocido: /frobnicate" in texts[5]


async def test_a_user_without_the_role_is_refused(telegram: TelegramHarness) -> None:
    eve = TelegramUser(504, "Eve", "en")
    telegram.send(eve.text("/queue"))
    (text,) = await telegram.texts(eve.id, 1)
    assert "reserved" in text


async def test_a_429_is_honoured(telegram: TelegramHarness) -> None:
    kim = TelegramUser(505, "Kim", "en")
    telegram.api.script("sendMessage", "429", chat_id=kim.id, retry_after=1)
    telegram.send(kim.text("/me"))
    (delivered,) = await telegram.replies(kim.id, 1)
    refused = next(c for c in telegram.api.calls if c.outcome == "429")
    assert delivered.at - refused.at >= 0.95


async def test_blocking_the_bot_marks_the_person_unreachable(telegram: TelegramHarness) -> None:
    joe = TelegramUser(506, "Joe", "en")
    telegram.send(joe.text("/start"))
    await telegram.replies(joe.id, 2)
    telegram.send(joe.blocks_bot())

    async def unreachable() -> bool:
        async with telegram.hub.uow() as uow:
            identity = await uow.session.scalar(
                select(Identity).where(Identity.external_id == str(joe.id))
            )
            return identity is not None and identity.unreachable_since is not None

    for _ in range(200):
        if await unreachable():
            break
        await __import__("asyncio").sleep(0.05)
    assert await unreachable()
