"""Practices and partners through the core, on SQLite and PostgreSQL, with the demo data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.people import Role
from core.interactions.model import ButtonPress, Reply, SharedLocation
from core.persistence.models import Partner, Practice
from core.seed.demo import load_demo
from core.services import live_catalog, practices
from core.services.practices import PracticeFilters
from tests.factories import console, make_person, say, text_of

LIMIT = 3500


@pytest.fixture
async def demo(hub: Hub) -> Hub:
    await load_demo(hub)
    return hub


def buttons(replies: list[Reply]) -> dict[str, str]:
    return {b.label: b.data for r in replies for row in r.buttons for b in row}


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def assert_fits(replies: list[Reply]) -> None:
    for reply in replies:
        assert len(reply.plain_text) <= LIMIT
        assert all(len(b.data.encode()) <= 64 for row in reply.buttons for b in row)


async def test_practices_in_any_language_shown_in_the_readers(demo: Hub) -> None:
    amina = console("amina")
    await say(demo, amina, "/language fr")
    for query in ("agroforesterie", "agroforestry", "agroforestería", "agroforestery"):
        text = await text_of(demo, amina, f"/practices {query}")
        assert lines(text)[1] == "1. Agroforesterie — agroforesterie", text
    assert "1. Semis direct" in await text_of(demo, amina, "/practices no till")
    assert "1. Couverture permanente du sol" in await text_of(
        demo, amina, "/pratiques couverture du sol"
    )


async def test_a_practice_card_says_its_fallback_and_completeness(demo: Hub) -> None:
    lucia = console("zoe", language="en")
    replies = await say(demo, lucia, "/practices improved legume fallows")
    card = await text_of(demo, lucia, ButtonPress(buttons(replies)["1"]))
    assert "Improved legume fallows" in card
    assert "(in French: no translation yet)" in card  # no English description in the demo
    missing = "missing: description in all three languages, tutorials or links."
    assert f"Sheet 75% complete; {missing}" in card
    assert "Agro-climatic zones: Humid tropical, Sub-humid tropical" in card
    other = await say(demo, lucia, "/practices agroforestry")
    full = await text_of(demo, lucia, ButtonPress(buttons(other)["1"]))
    assert "Sheet 100% complete." in full
    assert "Tutorials and links:" in full


async def test_filters_paging_and_categories(demo: Hub) -> None:
    amina = console("amina")
    text = await text_of(demo, amina, "/practices zone:semi-arid category:agroforestry")
    assert "Practices 1–2 of 2:" in text
    listing = await say(demo, amina, "/practices zone:semi-arid")
    assert "Practices 1–5 of" in listing[0].plain_text
    second = await say(demo, amina, ButtonPress(buttons(listing)["Next ▶"]))
    assert "Practices 6–10 of" in second[0].plain_text
    assert "◀ Previous" in buttons(second)
    help_ = await say(demo, amina, "/practices")
    grazing = await text_of(demo, amina, ButtonPress(buttons(help_)["Grazing"]))
    assert "Rotational grazing" in grazing
    assert "Permanent grassland" in grazing
    assert "Unknown zone mars" in await text_of(demo, amina, "/practices zone:mars")
    assert_fits(listing + second + help_)


async def test_partners_by_acronym_country_kind_and_objective(demo: Hub) -> None:
    amina = console("amina")
    assert "1. Centre de coopération" in await text_of(demo, amina, "/partners cirad")
    assert "1. Centre national de recherche agronomique (CNRA)" in await text_of(
        demo, amina, "/partners recherche Côte d'Ivoire"
    )
    b3 = await say(demo, amina, "/partners B3")
    assert "(GIZ)" in lines(b3[0].plain_text)[1]
    card = await text_of(demo, amina, ButtonPress(buttons(b3)["1"]))
    assert "Member of the Initiative" in card
    assert "B3 — GAFOLUP helpdesk" in card


async def test_partners_near_a_place_or_a_shared_location(demo: Hub) -> None:
    kofi = console("kofi")
    text = await text_of(demo, kofi, "/near Abidjan")
    assert lines(text)[1].startswith("1. Centre national de recherche agronomique")
    assert " km" in text
    shared = await text_of(demo, kofi, SharedLocation(60.17, 24.94))  # Helsinki
    assert "Partners nearest to you:" in shared
    assert "Baltic Sea Action Group" in shared
    # (not Atlantis: it is a town of South Africa, in the gazetteer)
    assert "I do not know the place" in await text_of(demo, kofi, "/near Nowhereville")
    assert "Partners nearest to Kenya" in await text_of(demo, kofi, "partners near Kenia")


async def test_complementary_partners_and_comparable_conditions(demo: Hub) -> None:
    amina = console("amina")
    text = await text_of(demo, amina, "/complementary CIRAD")
    assert "Already covered: A2, A3, D2, E1" in text
    assert "adds B3 GAFOLUP helpdesk" in text
    assert "Unknown strategic objective" not in await text_of(demo, amina, "/complementary b3 d2")
    kofi = await make_person(demo, "kofi", Role.CORRESPONDENT, region="west-africa")
    comparable = await text_of(demo, kofi, "/comparable semi-arid")
    assert "other continents than West Africa" in comparable
    assert "Zaï" not in comparable  # only used in Africa
    assert "Conservation agriculture" in comparable


async def test_plain_text_that_is_clearly_a_search(demo: Hub) -> None:
    amina = console("amina")
    replies = await say(demo, amina, "semis direct")
    assert "1. No-till" in replies[0].plain_text
    assert "More practices" in buttons(replies)
    assert "CIRAD" in await text_of(demo, amina, "cirad")
    assert "I did not understand" in await text_of(demo, amina, "hello")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("/practices", "Tapez ce que vous cherchez"),
        ("/practices \x00\x07\x1b", "Tapez ce que vous cherchez"),
        ("/practices " + "x" * 100_000, "Votre recherche est trop longue (100000 caractères)"),
        ("/partners " + "é" * 100_000, "Votre recherche est trop longue"),
        ("/partners ?!", "Tapez un nom, un sigle"),
        ("/near " + "y" * 100_000, "Votre recherche est trop longue"),
    ],
)
async def test_bad_queries_get_a_clear_localized_answer(
    demo: Hub, message: str, expected: str
) -> None:
    amina = console("amina", language="fr")
    replies = await say(demo, amina, message)
    assert expected in replies[0].plain_text
    assert_fits(replies)


async def test_the_index_follows_changes_without_restart(demo: Hub) -> None:
    async with demo.uow() as uow:
        before = len((await live_catalog.catalog(uow)).partners)
        practice = await uow.session.scalar(select(Practice).where(Practice.slug == "biochar"))
        assert practice is not None
        practice.names = {**practice.names, "en": "Terra preta biochar"}
        partner = await uow.session.scalar(select(Partner).where(Partner.acronym == "CIRAD"))
        assert partner is not None
        await uow.session.delete(partner)
        await uow.commit()
    amina = console("amina")
    assert "Terra preta biochar" in await text_of(demo, amina, "/practices terra preta")
    # Only a partner whose card mentions CIRAD is left.
    assert "(CIRAD)" not in await text_of(demo, amina, "/partners CIRAD")
    async with demo.uow() as uow:
        after = await live_catalog.catalog(uow)
        assert len(after.partners) == before - 1
        assert await live_catalog.catalog(uow) is after


async def test_search_service_pages_and_filters(demo: Hub) -> None:
    async with demo.uow() as uow:
        words, filters = await practices.parse_query("compost zona:semiárido", uow)
        assert (words, filters) == ("compost", PracticeFilters(zone="semi-arid"))
        page = await practices.search_practices(words, filters, 0, "es", uow)
        assert page.items[0].slug == "composting"
        everything = await practices.search_practices("", PracticeFilters(), 99, "en", uow)
        assert everything.total == 36
        assert everything.number == 7
        assert not everything.has_next


async def test_questions_get_ranked_answers_partial_ones_said_plainly(demo: Hub) -> None:
    amina = console("amina", language="fr")
    text = await text_of(demo, amina, "/practices protéger mes champs du vent")
    assert "Haies" in text or "Agroforesterie" in text
    # Nothing matches every word: the best partial matches, said so in the reader's language.
    text = await text_of(demo, amina, "/practices semer sans labourer xylophone")
    assert "correspondances partielles" in text
    assert "Semis direct" in text
    text = await text_of(demo, console("bo"), "/partners who works on soil carbon in Senegal")
    assert "ISRA" in text or "CNCR" in text
    # Nothing shares a meaningful word: nothing found.
    assert "No practice found" in await text_of(demo, console("bo"), "/practices qwxz vbnm")


async def test_one_change_is_searchable_at_once_without_a_rebuild(demo: Hub) -> None:
    async with demo.uow() as uow:
        current = await live_catalog.catalog(uow)
        practice = await uow.session.scalar(select(Practice).where(Practice.slug == "zai-pits"))
        assert practice is not None
        practice.description = {**practice.description, "en": "Pits that feed hungry termites"}
        await uow.commit()
    async with demo.uow() as uow:
        assert await live_catalog.catalog(uow) is current  # updated in place, not rebuilt
        hits = current.search_practices("termites")
        assert current.practices[hits[0].ref].slug == "zai-pits"


async def test_a_question_typed_as_plain_text_is_answered_with_practices(demo: Hub) -> None:
    """Farmers ask in sentences, in their language: the chat answers with fitting practices."""
    questions = json.loads((Path(__file__).parents[1] / "data/natural_questions.json").read_text())
    asked = [q for q in questions if q["kind"] == "practice"]
    people = {
        lang: await make_person(demo, f"farmer-{lang}", language=lang)
        for lang in ["fr", "en", "es"]
    }
    answered = []
    for question in asked:
        lang = question["lang"]
        async with demo.uow() as uow:
            fitting = await uow.session.scalars(
                select(Practice).where(Practice.slug.in_(question["expected"]))
            )
            names = {p.names.get(lang) for p in fitting} - {None}
        reply = await text_of(demo, people[lang], question["query"])
        top = [line for line in reply.splitlines() if line[:2] in ("1.", "2.", "3.")]
        if any(name in line for line in top for name in names):
            answered.append(question["query"])
    assert len(answered) >= 0.85 * len(asked), sorted({q["query"] for q in asked} - set(answered))
