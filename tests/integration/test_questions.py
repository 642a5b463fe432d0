"""Ask the experts: the whole loop, roles, bad input and /forget before the answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.errors import InvalidInput, NotAllowed
from core.domain.kinds import Frequency
from core.domain.people import Channel, Role
from core.i18n import Translator
from core.interactions.features.question_cards import question_card
from core.interactions.model import ButtonPress, Reply, Sender
from core.interactions.notifications import render_notification
from core.persistence.models import ConsentRecord, OutboxMessage, Question
from core.seed.demo import load_demo
from core.services import question_desk, questions
from core.services.digest_content import Composer
from tests.factories import make_person, say, text_of
from tests.integration.report_helpers import actor_of, button_data, rows

FRENCH_QUESTION = (
    "Quelle profondeur et quel espacement pour les trous de zaï sur un sol sableux encroûté ?"
)
ENGLISH_ANSWER = (
    "Dig zaï pits 20 to 30 cm deep and 40 cm wide, about 80 cm apart, and put two handfuls "
    "of compost in each before the rains."
)
SPANISH_QUESTION = "¿A qué distancia hago los hoyos zaï en mi parcela?"


def telegram(user: str, language: str) -> Sender:
    return Sender(Channel.TELEGRAM, user, display_name=user, language_hint=language, chat_id=user)


@pytest.fixture
async def experts(hub: Hub) -> Hub:
    """The demo data, an expert (sam), a Secretariat member (claire) and a farmer (amina)."""
    await load_demo(hub)
    await make_person(hub, "sam", Role.EXPERT, language="en")
    await make_person(hub, "claire", Role.SECRETARIAT)
    await make_person(hub, "amina")
    return hub


async def messages(hub: Hub, template: str) -> list[OutboxMessage]:
    return [m for m in await rows(hub, OutboxMessage) if m.payload.get("template") == template]


def rendered(message: OutboxMessage, language: str) -> Reply:
    payload = message.payload
    return render_notification(payload["template"], payload["params"], Translator(language))


async def test_a_french_question_answered_in_english_then_found_in_spanish(experts: Hub) -> None:
    hub = experts
    marie, lucia = telegram("501", "fr"), telegram("502", "es")
    first = await say(hub, marie, f"/ask {FRENCH_QUESTION}")
    assert "Questions auxquelles les experts" not in first[0].plain_text  # nothing answered yet
    await say(hub, marie, ButtonPress(button_data(first)["Envoyer ma question aux experts"]))
    (stored,) = await rows(hub, Question)
    assert (stored.language, stored.status, stored.text) == ("fr", "open", FRENCH_QUESTION)
    (card,) = await messages(hub, "question_asked")
    assert "(written in French)" in rendered(card, "en").plain_text

    sam = await actor_of(hub, "sam")
    async with hub.uow() as uow:
        done = await question_desk.answer_question(
            stored.id, sam, ENGLISH_ANSWER, uow, now=hub.now(), language="en", publishable=True
        )
        await uow.commit()
    assert done.delivered
    (notice,) = await messages(hub, "question_answered")
    shown = rendered(notice, "fr")
    assert "(rédigé en anglais)" in shown.plain_text
    assert ENGLISH_ANSWER in shown.plain_text
    taps = button_data([shown])
    assert "Merci de nous" in await text_of(hub, marie, ButtonPress(taps["Utile"]))
    assert "Merci" in await text_of(hub, marie, "oui")  # the consent, typed in French
    assert "déjà répondu" in await text_of(hub, marie, ButtonPress(taps["Non"]))  # asked once
    (consent,) = await rows(hub, ConsentRecord, ConsentRecord.purpose == "qa_publication")
    assert consent.granted

    async with hub.uow() as uow:
        published = await question_desk.publish_question(
            stored.id, await actor_of(hub, "claire"), uow, now=hub.now()
        )
        await uow.commit()
    assert "zai-pits" in published.practices
    offered = await say(hub, lucia, f"/ask {SPANISH_QUESTION}")
    text = offered[0].plain_text
    assert text.startswith("Preguntas ya respondidas por los expertos")
    assert "(redactado en inglés)" in text
    assert "20 to 30 cm" in text
    assert "Leer la respuesta 1" in button_data(offered)
    searched = await text_of(hub, lucia, "/practices hoyos zaï")
    assert searched.startswith("Preguntas ya respondidas")
    assert "Zaï" in searched
    await make_person(hub, "bea", Role.BUREAU)
    figures = await text_of(hub, await make_person(hub, "bea"), "/figures")
    assert "Questions to the experts: 1 asked, 1 answered, median 0 h to answer" in figures
    assert "French: 1 asked, 1 answered" in figures
    async with hub.uow() as uow:
        composer = Composer(uow, hub.now())
        await composer.load_items(hub.now() - timedelta(days=1))
        params = composer.compose(
            language="es", frequency=Frequency.MONTHLY, period="2026-12", items=[], events=[]
        )
    digest = render_notification("newsletter.digest", params, Translator("es")).plain_text
    assert "PREGUNTAS RESPONDIDAS ESTE MES" in digest
    assert "(redactado en inglés)" in digest


async def test_only_experts_answer_and_bad_questions_are_refused_kept(experts: Hub) -> None:
    hub, amina = experts, await make_person(experts, "amina")
    assert "Quelle est votre question" in await text_of(hub, telegram("601", "fr"), "/ask   ")
    assert "Votre question est vide" in await text_of(hub, telegram("601", "fr"), " ")
    long = "¿" + "suelo " * 900 + "?"
    refused = await text_of(hub, telegram("602", "es"), f"/ask {long}")
    assert "como máximo 2000 caracteres" in refused
    assert "Se guarda" in refused
    assert "Ninguna pregunta" not in refused
    farmer = await actor_of(hub, "amina")
    async with hub.uow() as uow:
        with pytest.raises(InvalidInput):
            await questions.ask_question(farmer, "", uow, now=hub.now())
        asked = await questions.ask_question(farmer, "What about biochar?", uow, now=hub.now())
        await uow.commit()
    assert "reserved" in await text_of(hub, amina, f"/answer {asked.id} Nothing")
    async with hub.uow() as uow:
        with pytest.raises(NotAllowed):
            await question_desk.answer_question(asked.id, farmer, "No", uow, now=hub.now())
        with pytest.raises(NotAllowed):
            await question_desk.answer_question(
                asked.id, await actor_of(hub, "claire"), "No", uow, now=hub.now()
            )


async def test_a_shorter_question_replaces_the_refused_one(experts: Hub) -> None:
    hub, pedro = experts, telegram("603", "es")
    await say(hub, pedro, "/ask " + "x" * 2500)
    reply = await text_of(hub, pedro, "¿Cuándo siembro los cultivos de cobertura?")
    assert "Cultivos de cobertura" in reply
    assert "Su pregunta se envió" in await text_of(hub, pedro, "sí")
    (stored,) = await rows(hub, Question)
    assert stored.language == "es"
    assert stored.text.startswith("¿Cuándo")


async def test_an_answer_after_forget_goes_nowhere_and_loses_nothing(experts: Hub) -> None:
    hub, sam = experts, await make_person(experts, "sam")
    await make_person(hub, "paul")
    paul_actor = await actor_of(hub, "paul")
    async with hub.uow() as uow:
        asked = await questions.ask_question(paul_actor, "Biochar dose?", uow, now=hub.now())
        await uow.commit()
    paul = await make_person(hub, "paul")
    await say(hub, paul, ButtonPress("forget:yes"))
    queued = await text_of(hub, sam, "/questions")
    assert f"#{asked.id}" in queued
    answered = await text_of(hub, sam, f"/answer {asked.id} en About 10 t per hectare.")
    assert "nobody will receive it" in answered
    (stored,) = await rows(hub, Question)
    assert stored.asker_id is None
    assert stored.answer_text == "About 10 t per hectare."
    assert stored.status == "answered"
    assert stored.asker_consent is False
    assert not await messages(hub, "question_answered")
    async with hub.uow() as uow:
        with pytest.raises(InvalidInput):  # the asker can never agree now
            await question_desk.publish_question(
                asked.id, await actor_of(hub, "claire"), uow, now=hub.now()
            )


async def test_claims_expire_and_the_desk_buttons_work(experts: Hub) -> None:
    hub, sam = experts, await make_person(experts, "sam")
    await make_person(hub, "nadia", Role.EXPERT)
    nadia = await make_person(hub, "nadia")
    asked_by = await actor_of(hub, "amina")
    async with hub.uow() as uow:
        asked = await questions.ask_question(asked_by, "Mulch or compost?", uow, now=hub.now())
        await uow.commit()
    listing = await say(hub, sam, "/questions")
    await say(hub, sam, ButtonPress(button_data(listing)[f"Claim #{asked.id}"]))
    assert "is answering" in await text_of(hub, nadia, f"/answer {asked.id} Both.")
    async with hub.uow() as uow:
        question = await questions.get_question(asked.id, uow)
        assert questions.shown_status(question, hub.now()).value == "claimed"
        later = hub.now() + question_desk.CLAIM_FOR * 2
        assert questions.shown_status(question, later).value == "open"
    pressed = await say(hub, sam, ButtonPress(f"qd:answer:{asked.id}"))
    await say(hub, sam, ButtonPress(button_data(pressed)["Spanish"]))
    done = await say(hub, sam, "Los dos: acolchado primero, compost después.")
    assert "on its way" in done[0].plain_text
    await say(hub, sam, ButtonPress(button_data(done)["Yes, publish it"]))
    async with hub.uow() as uow:
        question = (await uow.session.scalars(select(Question))).one()
        assert (question.answer_language, question.expert_consent) == ("es", True)


async def test_near_duplicate_questions_are_grouped_on_the_card(experts: Hub) -> None:
    hub = experts
    farmer = await actor_of(hub, "amina")
    async with hub.uow() as uow:
        first = await questions.ask_question(farmer, FRENCH_QUESTION, uow, now=hub.now())
        again = await questions.ask_question(
            farmer, FRENCH_QUESTION.replace("encroûté", "très encroûté"), uow, now=hub.now()
        )
        other = await questions.ask_question(farmer, "Biochar dose?", uow, now=hub.now())
        await uow.commit()
        card = await question_card(Translator("en"), uow, again.id, hub.now())
        alone = await question_card(Translator("en"), uow, other.id, hub.now())
    assert f"Looks like question #{first.id}." in card.plain_text
    assert "Looks like" not in alone.plain_text
    assert [b.label for row in card.buttons for b in row] == [
        "Claim",
        "Answer",
        "Pass to the Secretariat",
    ]
