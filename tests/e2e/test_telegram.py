"""The real python-telegram-bot Application and delivery worker against a fake Bot API."""

from __future__ import annotations

import asyncio
import json
import re

import aiohttp
import pytest
from sqlalchemy import select

from bots.telegram import app as telegram_app
from core.bootstrap import bootstrap
from core.config import ConfigError
from core.domain.people import Channel, Role
from core.domain.reports import ReportAction, ReportStatus
from core.persistence.models import FieldReport, Identity, OutboxMessage, Subscription
from core.services import invitations, moderation, people
from tests.babel_data import french_zone
from tests.conftest import make_settings
from tests.e2e.telegram_harness import TelegramHarness, buttons
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.fakes.telegram_updates import TelegramUser


async def test_commands_menu_is_published_in_three_languages(telegram: TelegramHarness) -> None:
    calls = [c for c in telegram.api.calls if c.method == "setMyCommands"]
    languages = {c.params.get("language_code") for c in calls}
    assert languages == {None, "fr", "en", "es"}
    french = next(c for c in calls if c.params.get("language_code") == "fr")
    commands = json.loads(french.params["commands"])
    assert {"command": "aide", "description": "Ce que je sais faire"} in commands


async def test_a_french_farmer_searches_practices_and_pages(telegram: TelegramHarness) -> None:
    amadou = TelegramUser(501, "Amadou", "fr")
    telegram.send(amadou.text("/start"))
    [welcome] = await telegram.replies(amadou.id, 1)
    assert "Bienvenue" in str(welcome.params["text"])
    assert next(label for label, _ in buttons(welcome)) == "Français", "one message, languages"
    telegram.send(amadou.text("/practices agroforesterie"))
    results = await telegram.replies(amadou.id, 2)
    assert "Agroforesterie" in str(results[-1].params["text"])
    pages = [data for _label, data in buttons(results[-1])]
    assert pages, "results come with buttons"
    telegram.send(amadou.press(pages[0]))
    opened = await telegram.replies(amadou.id, 3)
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
    await telegram.replies(joe.id, 1)
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


async def _press(telegram: TelegramHarness, user: TelegramUser, fragment: str) -> None:
    """Press the newest button whose data contains `fragment` in `user`'s chat."""
    for call in reversed(telegram.api.sent_to(user.id)):
        for _label, data in buttons(call):
            if fragment in data:
                telegram.send(user.press(data))
                return
    raise AssertionError(f"no button {fragment!r} in {telegram.transcript()}")


async def test_a_correspondent_joins_reports_with_photo_and_place_and_hears_back(
    telegram: TelegramHarness,
) -> None:
    async with telegram.hub.uow() as uow:
        invitation = await invitations.create_invitation(
            Role.CORRESPONDENT, uow, now=telegram.hub.now(), region="west-africa", by="test"
        )
        await uow.commit()
    awa = TelegramUser(601, "Awa", "fr")
    seen = 0

    async def step(update: dict[str, object] | None, *, expect: str = "") -> str:
        nonlocal seen
        if update is not None:
            telegram.send(update)
        texts = await telegram.texts(awa.id, seen + 1)
        seen = len(texts)
        assert expect in texts[-1], texts[-1]
        return texts[-1]

    await step(awa.text(f"/start {invitation.code}"), expect="correspondant")
    await step(awa.text("/report"))
    await _press(telegram, awa, ":type:news")
    await step(None)
    await step(awa.text("Journée des sols à Bouaké"))
    await step(awa.text("Deux cents agriculteurs ont visité les parcelles de zaï."))
    await step(awa.photo("field-photo-1", caption="Les parcelles"))
    await _press(telegram, awa, ":next:")
    await step(None)
    await step(awa.location(7.69, -5.03))
    await _press(telegram, awa, ":send")
    receipt = await step(None, expect="Merci")
    number = int(re.findall(r"\d+", receipt)[0])

    # A Secretariat member on Telegram reviews it and sees the photo itself.
    reviewer = TelegramUser(610, "Claire", "fr")
    async with telegram.hub.uow() as uow:
        person = await people.identify(Channel.TELEGRAM, str(reviewer.id), uow)
        await people.grant_role(person, Role.SECRETARIAT, uow)
        await uow.commit()
    telegram.send(reviewer.text(f"/review {number}"))
    await telegram.until(
        lambda: any(
            c.method == "sendPhoto" and c.params.get("photo") == "field-photo-1"
            for c in telegram.api.sent_to(reviewer.id)
        ),
        "the reviewer to receive the photo",
    )
    async with telegram.hub.uow() as uow:
        report = await uow.session.get_one(FieldReport, number)
        assert report.latitude == 7.69
        assert report.status == ReportStatus.SUBMITTED
        assert [a.file_ref for a in report.attachments] == ["field-photo-1"]
        secretary = await people.get_person_by_name("claire", uow)
        actor = people.to_actor(secretary, Channel.CONSOLE, telegram.hub.defaults)
        await moderation.decide_report(
            number, ReportAction.APPROVED, actor, uow, now=telegram.hub.now()
        )
        await uow.commit()
    decision = await step(None, expect=str(number))
    assert "approuvé" in decision


async def test_events_rsvp_and_calendar_file(telegram: TelegramHarness) -> None:
    luc = TelegramUser(602, "Luc", "fr")
    telegram.send(luc.text("/timezone Europe/Paris"), luc.text("/events"))
    await telegram.until(lambda: "(exemple)" in _all_text(telegram, luc), "the events")
    assert french_zone("Europe/Paris") in _all_text(telegram, luc)
    before = len(telegram.api.sent_to(luc.id))
    await _press(telegram, luc, "evr:")
    await telegram.replies(luc.id, before + 1)
    await _press(telegram, luc, "evics:")
    await telegram.until(
        lambda: any(c.method == "sendDocument" for c in telegram.api.sent_to(luc.id)), "the .ics"
    )
    document = next(c for c in telegram.api.sent_to(luc.id) if c.method == "sendDocument")
    assert document.params["document"]["filename"].endswith(".ics")


async def test_the_dashboard_chart_is_drawn_when_sent_and_arrives_as_a_photo(
    telegram: TelegramHarness,
) -> None:
    elena = TelegramUser(611, "Elena", "es")
    async with telegram.hub.uow() as uow:
        person = await people.identify(Channel.TELEGRAM, str(elena.id), uow)
        await people.grant_role(person, Role.BUREAU, uow)
        await uow.commit()
    telegram.send(elena.text("/cifras"))
    await telegram.until(
        lambda: any(c.method == "sendPhoto" for c in telegram.api.sent_to(elena.id)), "the chart"
    )
    photo = next(c for c in telegram.api.sent_to(elena.id) if c.method == "sendPhoto")
    assert photo.params["photo"]["filename"] == "dashboard.png"
    assert photo.params["photo"]["size"] > 10_000  # an image, drawn at sending time
    async with telegram.hub.uow() as uow:
        stored = (await uow.session.scalars(select(OutboxMessage.payload))).all()
    assert any("dashboard.png" in json.dumps(params) for params in stored)
    assert all(len(json.dumps(params)) < 20_000 for params in stored)  # no image in the outbox


async def test_subscribe_then_stop(telegram: TelegramHarness) -> None:
    rosa = TelegramUser(603, "Rosa", "es")
    telegram.send(rosa.text("/subscribe"))
    await telegram.replies(rosa.id, 1)
    await _press(telegram, rosa, "nlsub:weekly")
    await telegram.replies(rosa.id, 2)
    await _press(telegram, rosa, "nlsub:weekly:es")
    await telegram.replies(rosa.id, 3)
    await _press(telegram, rosa, "nlok:")
    subscribed = await telegram.texts(rosa.id, 4)
    telegram.send(rosa.text("STOP"))
    stopped = await telegram.texts(rosa.id, 5)
    async with telegram.hub.uow() as uow:
        subscription = await uow.session.scalar(select(Subscription))
        assert subscription is not None
        assert not subscription.active
    assert subscribed[-1] != stopped[-1]


async def listening(port: int, timeout: float = 10.0) -> None:
    """Wait until something accepts connections on 127.0.0.1:`port`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            assert asyncio.get_running_loop().time() < deadline, f"nothing listens on {port}"
            await asyncio.sleep(0.02)
        else:
            writer.close()
            await writer.wait_closed()
            return


async def test_webhook_needs_the_secret(
    telegram_api: FakeTelegram, sqlite_url: str, unused_tcp_port: int
) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/telegram/hook"
    settings = make_settings(
        sqlite_url,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=telegram_api.base_url,
        telegram_webhook_url=url,
        telegram_webhook_secret="s3cret-token",
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=unused_tcp_port,
    )
    hub = bootstrap(settings)
    stop = asyncio.Event()
    task = asyncio.create_task(telegram_app.run(hub, stop))
    try:
        for _ in range(200):
            if any(c.method == "setWebhook" for c in telegram_api.calls):
                break
            await asyncio.sleep(0.02)
        hook = next(c for c in telegram_api.calls if c.method == "setWebhook")
        assert hook.params["url"] == url
        assert hook.params["secret_token"] == "s3cret-token"
        await listening(unused_tcp_port)  # PTB asks for the webhook before it listens
        update = TelegramUser(604, "Tom").text("/help")
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=update, headers=headers) as answer:
                    assert answer.status == 403
            good = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            async with http.post(url, json=update, headers=good) as answer:
                assert answer.status == 200
        for _ in range(200):
            async with hub.uow() as uow:
                queued = (await uow.session.scalars(select(OutboxMessage))).all()
                if queued:
                    break
            await asyncio.sleep(0.02)
        assert [row.recipient for row in queued] == ["604"]
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
        await hub.close()


def test_webhook_mode_refuses_to_start_without_a_secret(sqlite_url: str) -> None:
    settings = make_settings(
        sqlite_url, telegram_bot_token=TOKEN, telegram_webhook_url="https://hub.example/tg"
    )
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        telegram_app.webhook_options(settings)


def _all_text(telegram: TelegramHarness, user: TelegramUser) -> str:
    return "\n".join(str(c.params.get("text", "")) for c in telegram.api.sent_to(user.id))


async def test_the_secretariat_moderates_from_telegram(telegram: TelegramHarness) -> None:
    moussa, claire = TelegramUser(701, "Moussa", "fr"), TelegramUser(702, "Claire", "fr")
    async with telegram.hub.uow() as uow:
        for user, role, region in (
            (moussa, Role.CORRESPONDENT, "west-africa"),
            (claire, Role.SECRETARIAT, None),
        ):
            person = await people.identify(Channel.TELEGRAM, str(user.id), uow)
            await people.grant_role(person, role, uow, region=region)
        await uow.commit()
    telegram.send(
        claire.text("/me"), moussa.text("/report Les pluies sont arrivées tôt à Korhogo.")
    )
    await telegram.until(lambda: "Merci" in _all_text(telegram, moussa), "the receipt")
    await telegram.until(lambda: "Nouveau" in _all_text(telegram, claire), "the notice, in French")
    telegram.send(claire.text("/queue"))
    await telegram.until(lambda: "Korhogo" in _all_text(telegram, claire), "the queue")
    telegram.send(claire.text("/review 1"))
    await telegram.until(lambda: "rmod:ok:1" in str(telegram.api.sent_to(claire.id)), "review")
    await _press(telegram, claire, "rmod:ok:")
    await telegram.until(lambda: "approuvé" in _all_text(telegram, moussa), "the decision")
    # A second press (a double tap, or a forged replay) changes nothing and says why.
    await _press(telegram, claire, "rmod:ok:")
    await telegram.until(lambda: "déjà" in _all_text(telegram, claire), "the refusal")


async def test_a_database_hiccup_gets_an_apology(telegram: TelegramHarness) -> None:
    sam = TelegramUser(703, "Sam", "es")
    async with telegram.hub.engine.begin() as connection:
        await connection.exec_driver_sql("ALTER TABLE people RENAME TO people_away")
    try:
        telegram.send(sam.text("/help"))
        (text,) = await telegram.texts(sam.id, 1)
        assert "Lo sentimos, algo ha fallado" in text
    finally:
        async with telegram.hub.engine.begin() as connection:
            await connection.exec_driver_sql("ALTER TABLE people_away RENAME TO people")
    telegram.send(sam.text("/help"))
    texts = await telegram.texts(sam.id, 2)
    assert "Lo que puedo hacer" in texts[1]
