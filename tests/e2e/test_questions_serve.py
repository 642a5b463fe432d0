"""Ask the experts with both bots in one `serve` (real PTB and Bolt on the fakes).

A French farmer asks on Telegram and sees no earlier answer; the question's card reaches the
experts' Slack channel; an expert answers it in English in the modal; the farmer gets it marked
as English and agrees to publish it with a typed 'oui'; once published, a Spanish farmer's
question in other words is offered that entry first.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bots.parts import serve
from core.bootstrap import bootstrap
from core.domain.people import Channel, Role
from core.seed.demo import load_demo
from core.services import people, question_desk
from tests.e2e.both_bots import both_bots
from tests.e2e.slack_helpers import Responses, Slack
from tests.e2e.test_field_report_cycle import section_text, until
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import TelegramUser
from tests.integration.report_helpers import actor_of

EXPERTS = "CEXPERTS"
QUESTION = "Quel espacement entre les trous de zaï sur un sol sableux encroûté ?"
ANSWER = "Dig the zai pits about 80 cm apart and 20 to 30 cm deep, with compost in each."


def texts(api: FakeTelegram, chat: int) -> list[str]:
    return [str(c.params.get("text", "")) for c in api.sent_to(chat)]


def said(api: FakeTelegram, chat: int, words: str) -> list[str]:
    return [text for text in texts(api, chat) if words in text]


async def test_the_loop_through_telegram_and_slack(
    telegram_api: FakeTelegram,
    slack_api: FakeSlack,
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = both_bots(
        sqlite_url, telegram_api, slack_api, monkeypatch, slack_experts_channel=EXPERTS
    )
    port = settings.slack_port
    hub = bootstrap(settings)
    await load_demo(hub)
    async with hub.uow() as uow:
        sam = await people.identify(Channel.SLACK, "UEXP", uow, display_name="Dr Sam")
        sam.name, sam.language = "sam", "en"
        await people.grant_role(sam, Role.EXPERT, uow)
        await people.grant_role(
            await people.identify(Channel.CONSOLE, "claire", uow), Role.SECRETARIAT, uow
        )
        await uow.commit()
    stop = asyncio.Event()
    task = asyncio.create_task(serve(hub, ["telegram", "slack", "worker"], stop))
    responses = Responses()
    await responses.start()
    session = aiohttp.ClientSession()
    try:
        await until(lambda: any(c.method == "getUpdates" for c in telegram_api.calls), "polling")
        marie, lucia = TelegramUser(5151, "Marie", "fr"), TelegramUser(5252, "Lucía", "es")
        telegram_api.updates.append(marie.text(f"/ask {QUESTION}"))
        offered = await until(lambda: said(telegram_api, 5151, "aux experts"), "the offer")
        assert "Questions auxquelles les experts" not in offered[0]  # no earlier answer
        telegram_api.updates.append(marie.text("oui"))  # send it, typed in French
        await until(lambda: said(telegram_api, 5151, "sous le n° 1"), "the receipt")

        (card,) = await until(lambda: slack_api.posted_to(EXPERTS), "the experts' card")
        assert "zaï" in section_text(card)
        assert "(written in French)" in section_text(card)
        slack = Slack(f"http://127.0.0.1:{port}/slack/events", responses, session)
        message: dict[str, Any] = {"ts": card.result["ts"], "blocks": card.params["blocks"]}
        await slack.click("UEXP", "qd:answer:1", message=message, channel=EXPERTS)
        (opened,) = await until(lambda: slack_api.calls_of("views.open"), "the answer modal")
        values = {
            "answer": {"answer": {"type": "plain_text_input", "value": ANSWER}},
            "language": {"language": {"type": "static_select", "selected_option": {"value": "en"}}},
            "publish": {"publish": {"type": "static_select", "selected_option": {"value": "yes"}}},
        }
        await slack.submit("UEXP", opened.params["view"], values)

        (answer,) = await until(lambda: said(telegram_api, 5151, ANSWER), "the answer")
        assert "(rédigé en anglais)" in answer
        telegram_api.updates.append(marie.text("oui"))  # the one-time consent
        await until(lambda: said(telegram_api, 5151, "une fois vérifiée"), "the consent")
        await until(
            lambda: [c for c in slack_api.calls_of("chat.update") if ANSWER in section_text(c)],
            "the answered card",
        )
        async with hub.uow() as uow:
            claire = await actor_of(hub, "claire")
            await question_desk.publish_question(1, claire, uow, now=hub.now())
            await uow.commit()

        telegram_api.updates.append(lucia.text("/ask ¿A qué distancia hago los hoyos zaï?"))
        (found,) = await until(lambda: said(telegram_api, 5252, "Preguntas ya respondidas"), "Q&A")
        assert found.index("Preguntas ya respondidas") < found.index("Prácticas que pueden")
        assert "(redactado en inglés)" in found
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await session.close()
        if responses._runner is not None:
            await responses._runner.cleanup()
        await hub.close()
