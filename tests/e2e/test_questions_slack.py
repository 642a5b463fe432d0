"""The experts' desk on Slack: a question's card, Claim, the Answer modal with its language."""

from __future__ import annotations

from typing import Any

from core.domain.people import Channel, Role
from core.i18n import Translator
from core.interactions.features.question_cards import enqueue_question_cards
from core.interactions.model import ButtonPress, Sender
from core.interactions.notifications import render_notification
from core.persistence.models import OutboxMessage, Question
from core.seed.demo import load_demo
from tests.e2e.slack_helpers import Desktop, desktop_fixture, until  # noqa: F401
from tests.factories import say
from tests.integration.report_helpers import button_data, rows

EXPERTS = "CEXPERTS"
QUESTION = "Quel espacement pour les trous de zaï sur un sol sableux encroûté ?"
ANSWER = "Dig the zai pits about 80 cm apart, 20 to 30 cm deep, with compost in each."


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _choice(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


async def test_an_expert_answers_a_french_question_in_english_from_the_card(
    desktop: Desktop,
) -> None:
    d = desktop
    await load_demo(d.hub)
    await d.person("UEXP", "Dr Sam", Role.EXPERT)
    await d.person("UFARM", "Farmer on Slack")
    marie = Sender(Channel.TELEGRAM, "701", display_name="Marie", language_hint="fr", chat_id="701")
    asked = await say(d.hub, marie, f"/ask {QUESTION}")
    await say(d.hub, marie, ButtonPress(button_data(asked)["Envoyer ma question aux experts"]))
    (question,) = await rows(d.hub, Question)
    async with d.hub.uow() as uow:
        queued = await enqueue_question_cards(d.hub.now(), uow, channel=EXPERTS, t=Translator("en"))
        await uow.commit()
    assert queued == 1
    await d.deliver()
    (card,) = d.api.posted_to(EXPERTS)
    assert "zaï" in card.params["text"]
    assert "(written in French)" in card.params["text"]
    message = {"ts": "7.7", "blocks": card.params["blocks"]}
    answer = f"qd:answer:{question.id}"

    await d.slack.click("UFARM", answer, message=message, channel=EXPERTS, ts="7.7")
    refused = await until(lambda: d.responses.texts())  # ephemeral, as every refused press
    assert "reserved" in refused[0]
    assert not d.api.calls_of("views.open")

    await d.slack.click("UEXP", f"qd:claim:{question.id}", message=message, channel=EXPERTS)
    claimed = await until(lambda: d.responses.texts()[1:])
    assert "Question #1 is yours for 30 minutes." in claimed[0]
    await d.deliver()
    redrawn = await until(lambda: d.api.calls_of("chat.update"))
    assert "Dr Sam is answering it." in redrawn[-1].params["text"]

    await d.slack.click("UEXP", answer, message=message, channel=EXPERTS, ts="7.7")
    (opened,) = await until(lambda: d.api.calls_of("views.open"))
    view = opened.params["view"]
    assert view["callback_id"] == "question_answer"
    assert QUESTION in str(view["blocks"])
    values = {
        "answer": {"answer": _text(ANSWER)},
        "language": {"language": _choice("en")},
        "publish": {"publish": _choice("yes")},
    }
    await d.slack.submit("UEXP", view, values)
    thanks = await until(lambda: d.api.posted_to("UEXP")[1:])
    assert "on its way" in thanks[0].params["text"]
    (answered,) = await rows(d.hub, Question)
    assert (answered.status, answered.answer_language, answered.expert_consent) == (
        "answered",
        "en",
        True,
    )
    (notice,) = [
        m
        for m in await rows(d.hub, OutboxMessage)
        if m.payload.get("template") == "question_answered"
    ]
    assert notice.channel == "telegram"
    shown = render_notification("question_answered", notice.payload["params"], Translator("fr"))
    assert "(rédigé en anglais)" in shown.plain_text
    assert ANSWER in shown.plain_text
    await d.deliver()
    final = d.api.calls_of("chat.update")[-1].params
    assert ANSWER in final["text"]
    assert not [b for b in final["blocks"] if b["type"] == "actions"]
