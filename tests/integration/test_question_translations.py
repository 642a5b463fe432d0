"""The Secretariat's translations of answers: the queue, the asker, public entries, practices."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.bootstrap import Hub
from core.domain.errors import Conflict, InvalidInput, NotAllowed
from core.domain.kinds import Frequency
from core.domain.people import Role
from core.i18n import Translator
from core.interactions.features.question_cards import question_card
from core.interactions.model import ButtonPress
from core.interactions.notifications import render_notification
from core.persistence.models import OutboxMessage, Practice, Question
from core.seed.demo import load_demo
from core.services import question_desk, question_translations, questions
from core.services.digest_content import Composer
from tests.factories import make_person, say, text_of
from tests.integration.report_helpers import actor_of, button_data, rows
from tests.integration.test_questions import telegram

QUESTION = "Quel espacement entre les trous de zaï sur un sol sableux encroûté ?"
ANSWER = "Dig the zai pits about 80 cm apart and 20 to 30 cm deep, with compost in each."
FRENCH = (
    "Creusez les trous de zaï à environ 80 cm d'écart, profonds de 20 à 30 cm, avec du compost."
)
SPANISH_Q = "¿Qué espacio dejar entre los hoyos de zaï en un suelo arenoso encostrado?"
SPANISH_A = "Cave los hoyos zaï a unos 80 cm, de 20 a 30 cm de hondo, con compost en cada uno."


@pytest.fixture
async def answered(hub: Hub) -> Hub:
    """A French farmer's question (#1), answered in English by an expert who agrees to publish."""
    await load_demo(hub)
    await make_person(hub, "sam", Role.EXPERT, language="en")
    await make_person(hub, "claire", Role.SECRETARIAT, language="en")
    farmer = telegram("801", "fr")
    await say(hub, farmer, f"/ask {QUESTION}")
    await say(hub, farmer, "oui")
    async with hub.uow() as uow:
        await question_desk.answer_question(
            1, await actor_of(hub, "sam"), ANSWER, uow, now=hub.now(), language="en"
        )
        await question_desk.expert_consent(1, await actor_of(hub, "sam"), True, uow, now=hub.now())
        await uow.commit()
    return hub


async def notices(hub: Hub, template: str) -> list[OutboxMessage]:
    return [m for m in await rows(hub, OutboxMessage) if m.payload.get("template") == template]


async def test_the_secretariat_translates_an_answer_and_the_asker_gets_it(answered: Hub) -> None:
    hub, claire = answered, await make_person(answered, "claire")
    (first,) = await notices(hub, "question_answered")
    shown = render_notification("question_answered", first.payload["params"], Translator("fr"))
    assert "Le Secrétariat peut ajouter une traduction en français" in shown.plain_text

    queue = await say(hub, claire, "/translations")
    listed = queue[0].plain_text
    assert "Question #1" in listed
    assert "missing: French" in listed
    taps = button_data(queue)
    assert "Every newsletter item and Q&A entry" not in listed
    refused = await text_of(
        hub, telegram("801", "fr"), ButtonPress(taps["Translate #1 into French"])
    )
    assert "réservé" in refused  # the asker is no Secretariat member
    asked = await text_of(hub, claire, ButtonPress(taps["Translate #1 into French"]))
    assert "Type the answer to #1 in French:" in asked
    assert ANSWER in asked
    done = await text_of(hub, claire, FRENCH)
    assert "Question #1 now reads in French." in done
    assert "Its asker gets the answer in their language." in done
    (translated,) = await notices(hub, "question_translated")
    shown = render_notification(
        "question_translated", translated.payload["params"], Translator("fr")
    )
    assert FRENCH in shown.plain_text
    assert "rédigé en" not in shown.plain_text  # in the asker's language: no mark
    assert "original en anglais" in shown.plain_text
    mine = await text_of(hub, telegram("801", "fr"), "/mesquestions")
    assert FRENCH in mine
    assert ANSWER not in mine
    async with hub.uow() as uow:
        assert await question_translations.missing_question_translations(uow) == []


async def test_a_public_entry_is_owed_every_language_and_reads_in_the_readers(
    answered: Hub,
) -> None:
    hub = answered
    await say(hub, telegram("801", "fr"), "oui")  # the asker's consent
    async with hub.uow() as uow:
        await question_desk.publish_question(1, await actor_of(hub, "claire"), uow, now=hub.now())
        await uow.commit()
        (gap,) = await question_translations.missing_question_translations(uow)
    assert gap.missing == ("en", "fr", "es")  # the question is French, the answer English
    assert (gap.needs("en"), gap.needs("fr"), gap.needs("es")) == (
        ("question",),
        ("answer",),
        ("question", "answer"),
    )

    secretariat = await make_person(hub, "claire")
    taps = button_data(await say(hub, secretariat, "/translations"))
    asked = await text_of(hub, secretariat, ButtonPress(taps["Translate #1 into Spanish"]))
    assert "Type question #1 in Spanish:" in asked
    assert QUESTION in asked
    asked = await text_of(hub, secretariat, SPANISH_Q)
    assert "Type the answer to #1 in Spanish:" in asked
    assert ANSWER in asked
    assert "now reads in Spanish" in await text_of(hub, secretariat, SPANISH_A)
    assert not await notices(hub, "question_translated")  # the asker reads French

    lucia = telegram("802", "es")
    offered = await say(hub, lucia, "/ask ¿A qué distancia hago los hoyos zaï?")
    text = offered[0].plain_text
    assert text.startswith("Preguntas ya respondidas")
    assert SPANISH_Q in text
    assert SPANISH_A[:60] in text
    assert "(redactado en inglés)" not in text
    entry = await say(hub, lucia, ButtonPress(button_data(offered)["Leer la respuesta 1"]))
    assert SPANISH_A in entry[0].plain_text
    assert "Prácticas que menciona:" in entry[0].plain_text
    links = button_data(entry)
    (zai,) = [p for p in await rows(hub, Practice) if p.slug == "zai-pits"]
    assert links[zai.names["es"]] == f"pc:{zai.id}"
    sheet = await text_of(hub, lucia, ButtonPress(links[zai.names["es"]]))
    assert zai.names["es"] in sheet

    english = await text_of(hub, await make_person(hub, "ann", language="en"), "/practices zai")
    assert QUESTION in english  # no English question yet: shown as asked
    async with hub.uow() as uow:
        composer = Composer(uow, hub.now())
        await composer.load_items(hub.now() - timedelta(days=1))
        params = composer.compose(
            language="es", frequency=Frequency.MONTHLY, period="2026-12", items=[], events=[]
        )
    digest = render_notification("newsletter.digest", params, Translator("es")).plain_text
    assert "PREGUNTAS RESPONDIDAS ESTE MES" in digest
    assert SPANISH_Q in digest
    assert "redactado en" not in digest
    async with hub.uow() as uow:
        (gap,) = await question_translations.missing_question_translations(uow)
    assert gap.missing == ("en", "fr")


async def test_translations_refuse_what_cannot_be_translated(answered: Hub) -> None:
    hub = answered
    claire, sam = await actor_of(hub, "claire"), await actor_of(hub, "sam")
    refused = [
        (sam, "fr", FRENCH, None, NotAllowed),
        (claire, "en", ANSWER, None, InvalidInput),  # the answer is English already
        (claire, "fr", FRENCH, QUESTION, InvalidInput),  # the question is French already
        (claire, "fr", "  ", None, InvalidInput),
        (claire, "klingon", FRENCH, None, InvalidInput),
        (claire, "fr", "x" * 9_000, None, InvalidInput),
    ]
    async with hub.uow() as uow:
        for actor, language, answer, question, error in refused:
            with pytest.raises(error):
                await question_translations.translate_question(
                    actor,
                    1,
                    language=language,
                    answer=answer,
                    question=question,
                    uow=uow,
                    now=hub.now(),
                )
        asked = await questions.ask_question(claire, "What about biochar?", uow, now=hub.now())
        with pytest.raises(Conflict):
            await question_translations.translate_question(
                claire, asked.id, language="fr", answer="Le biochar…", uow=uow, now=hub.now()
            )
    (stored,) = [q for q in await rows(hub, Question) if q.id == 1]
    assert stored.translations == {}  # nothing half-written


async def test_an_asker_who_left_is_owed_no_translation(answered: Hub) -> None:
    hub, farmer = answered, telegram("801", "fr")
    assert "Effacer toutes vos données" in await text_of(hub, farmer, "/oublier")
    await say(hub, farmer, ButtonPress("forget:yes"))
    async with hub.uow() as uow:
        assert await question_translations.missing_question_translations(uow) == []
    listed = await text_of(hub, await make_person(hub, "claire"), "/translations")
    assert "Missing translations" in listed  # the demo's newsletter items are still listed
    assert "Question #1" not in listed


async def test_the_zone_a_question_names_is_queued_with_it(answered: Hub) -> None:
    hub = answered
    farmer = await actor_of(hub, "sam")
    async with hub.uow() as uow:
        named = await questions.ask_question(
            farmer, "Quel couvert pour un sol en zone semi-aride ?", uow, now=hub.now()
        )
        unnamed = await questions.ask_question(farmer, "When to sow vetch?", uow, now=hub.now())
        two = await questions.ask_question(
            farmer, "Mulch in arid or humid tropical plots?", uow, now=hub.now()
        )
        await uow.commit()
        card = await question_card(Translator("en"), uow, named.id, hub.now())
    assert (named.zone_code, unnamed.zone_code, two.zone_code) == ("semi-arid", None, None)
    assert "Agro-climatic zone: Semi-arid" in card.plain_text
    queue = await text_of(hub, await make_person(hub, "sam"), "/questions")
    assert "Semi-arid" in queue
