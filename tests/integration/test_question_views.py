"""The questions feature after #17: read models, the Answer form through the one door, names."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from core.bootstrap import Hub
from core.domain.people import Role
from core.i18n import Translator, gettext
from core.interactions.features.question_cards import question_card
from core.interactions.model import ButtonPress, FormSubmitted, Note
from core.interactions.notifications import render_notification
from core.persistence.models import OutboxMessage, Question
from core.seed.demo import load_demo
from core.services import questions
from core.services.question_views import QuestionView
from tests.factories import console, make_person, say, text_of
from tests.integration.report_helpers import actor_of, rows

QUESTION = "Quel paillage garde le mieux l'humidité du sol en saison sèche ?"


@pytest.fixture
async def asked(hub: Hub) -> QuestionView:
    """A question from a correspondent in West Africa, with a French and a Spanish expert."""
    await load_demo(hub)
    await make_person(hub, "awa", Role.CORRESPONDENT, region="west-africa", language="fr")
    await make_person(hub, "sam", Role.EXPERT, language="fr")
    await make_person(hub, "lucia", Role.EXPERT, language="es")
    async with hub.uow() as uow:
        question = await questions.ask_question(
            await actor_of(hub, "awa"), QUESTION, uow, now=hub.now()
        )
        await uow.commit()
    return question


async def test_services_hand_out_frozen_views(hub: Hub, asked: QuestionView) -> None:
    assert isinstance(asked, QuestionView)
    assert asked.region_code == "west-africa"
    with pytest.raises(FrozenInstanceError):
        asked.text = "changed"  # type: ignore[misc]
    async with hub.uow() as uow:
        listed, total = await questions.list_questions(uow, now=hub.now())
    assert total == 1
    assert listed == [await _read(hub, asked.id)]


async def _read(hub: Hub, number: int) -> QuestionView:
    async with hub.uow() as uow:
        return await questions.read_question(number, uow)


async def test_the_region_is_named_in_the_readers_language(hub: Hub, asked: QuestionView) -> None:
    async with hub.uow() as uow:
        card = await question_card(Translator("fr"), uow, asked.id, hub.now())
    assert "Afrique de l'Ouest" in card.plain_text
    assert "west-africa" not in card.plain_text
    queue = await text_of(hub, await make_person(hub, "lucia"), "/questions")
    assert "África occidental" in queue
    assert "west-africa" not in queue
    notices = [
        m for m in await rows(hub, OutboxMessage) if m.payload.get("template") == "question_asked"
    ]
    assert len(notices) == 2  # sam and lucia
    shown = render_notification("question_asked", notices[0].payload["params"], Translator("es"))
    assert "(África occidental)" in shown.plain_text


async def test_answer_opens_a_form_that_answers_through_the_one_door(
    hub: Hub, asked: QuestionView
) -> None:
    sam, awa = await make_person(hub, "sam"), await make_person(hub, "awa")
    press = ButtonPress(f"qd:answer:{asked.id}", forms=True)
    (refused,) = await say(hub, awa, press)
    assert refused.form is None
    assert "réservé" in refused.plain_text
    (opened,) = await say(hub, sam, press)
    assert opened.form is not None
    assert opened.form.name == "question_answer"
    assert opened.form.meta == {"id": asked.id}
    assert Note(QUESTION, "quote") in opened.form.fields  # the question, shown as typed
    assert opened.form.submit == gettext("fr", "Send") != "Send"  # in the expert's language
    values = {"answer": "Un paillis de résidus de sorgho.", "language": "fr", "publish": "no"}
    (done,) = await say(hub, sam, FormSubmitted("question_answer", values, {"id": asked.id}))
    assert "est en route" in done.plain_text
    assert not done.buttons
    (stored,) = await rows(hub, Question)
    assert (stored.status, stored.answer_language, stored.expert_consent) == (
        "answered",
        "fr",
        False,
    )
    (again,) = await say(hub, sam, press)  # answered: no form opens any more
    assert again.form is None


async def test_the_queue_is_one_message_a_page_with_more(hub: Hub, asked: QuestionView) -> None:
    async with hub.uow() as uow:
        for n in range(25):
            await questions.ask_question(
                await actor_of(hub, "awa"), f"{QUESTION} ({n})", uow, now=hub.now()
            )
        await uow.commit()
    seen: set[str] = set()
    replies = await say(hub, console("sam"), "/questions")
    for _ in range(10):
        assert len(replies) == 1
        page = replies[0]
        seen |= {line.split(" · ")[0] for line in page.plain_text.splitlines() if "#" in line}
        more = [b for row in page.buttons for b in row if b.label == "Suite"]
        if not more:
            break
        replies = await say(hub, console("sam"), ButtonPress(more[0].data))
    assert {f"#{n}" for n in range(1, 27)} <= seen
