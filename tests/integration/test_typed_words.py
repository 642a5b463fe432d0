"""Typed words in French and Spanish chats: answers, frequencies, kinds, regions, categories."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.people import Role
from core.domain.reports import ReportType
from core.interactions.model import Reply
from core.persistence.models import EventFollow, MembershipApplication, Region, Rsvp
from core.seed import demo
from tests.factories import console, make_person, say, text_of
from tests.integration.event_helpers import event, person, utc
from tests.integration.report_helpers import file_report

NOW = utc(2026, 11, 2, 9, 0)
REGIONS = json.loads((demo.DATA / "regions.json").read_text(encoding="utf-8"))


def region_name(code: str, language: str) -> str:
    return next(r["names"][language] for r in REGIONS if r["code"] == code)


@pytest.fixture
async def world(hub: Hub) -> Hub:
    """The demo regions, a Bureau meeting in West Africa (#1) and a webinar (#2)."""
    hub.clock = lambda: NOW
    async with hub.uow() as uow:
        uow.session.add_all(Region(code=r["code"], names=r["names"]) for r in REGIONS)
        await uow.commit()
    kind, zone = "bureau", "Africa/Abidjan"
    await event(
        hub, datetime(2026, 11, 10, 14, 0), zone, now=NOW, kind=kind, region_code="west-africa"
    )
    await event(
        hub, datetime(2026, 11, 12, 14, 0), "Europe/Paris", now=NOW, online_url="https://x.org"
    )
    await person(hub, "amina", "Europe/Paris", "fr", Role.BUREAU)
    await person(hub, "lucia", "America/Lima", "es", Role.BUREAU)
    return hub


async def answers(hub: Hub) -> dict[tuple[int, int], str]:
    async with hub.uow() as uow:
        rows = await uow.session.scalars(select(Rsvp))
        return {(r.event_id, r.person_id): str(r.answer) for r in rows}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("peut-être", "maybe"),
        ("PEUT ETRE", "maybe"),
        ("je viens", "going"),
        ("oui", "going"),
        ("non", "not_going"),
        ("je ne viens pas", "not_going"),
        ("quizás", "maybe"),
        ("Quizas", "maybe"),
        ("sí", "going"),
        ("si", "going"),
        ("no voy", "not_going"),
        ("not going", "not_going"),
    ],
)
async def test_rsvp_answers_in_any_language(world: Hub, typed: str, expected: str) -> None:
    reply = await text_of(world, console("amina"), f"/rsvp 1 {typed}")
    assert "C'est noté" in reply
    assert list((await answers(world)).values()) == [expected]


async def test_a_wrong_answer_is_explained_in_the_readers_words(world: Hub) -> None:
    french = await text_of(world, console("amina"), "/rsvp 1 bof")
    assert "Répondez je viens, peut-être ou je ne viens pas, pas bof." in french
    spanish = await text_of(world, console("lucia"), "/rsvp 1 bof")
    assert "Responda voy, quizás o no voy, no bof." in spanish
    assert "going" not in french + spanish
    assert not await answers(world)


async def test_help_shows_the_readers_words(world: Hub) -> None:
    assert "/repondre N je viens|peut-être|je ne viens pas" in await text_of(
        world, console("amina"), "/help"
    )
    spanish = await text_of(world, console("lucia"), "/help")
    assert "/responder N voy|quizás|no voy" in spanish
    assert "not_going" not in spanish


async def test_event_filters_in_french_and_spanish(world: Hub) -> None:
    amina, lucia = console("amina"), console("lucia")
    french = await text_of(world, amina, f"/events {region_name('west-africa', 'fr')}")
    assert "#1" in french
    assert "#2" not in french
    assert "#2" in await text_of(world, amina, "/events webinaire en ligne")
    assert "#1" not in await text_of(world, amina, "/events webinaire")
    spanish = await text_of(world, lucia, "/events mesa africa occidental")
    assert "#1" in spanish
    assert "#2" not in spanish
    assert "#2" in await text_of(world, lucia, "/events en linea")
    unknown = await text_of(world, lucia, "/events marte")
    assert "Filtro desconocido: marte" in unknown
    assert "en línea o presencial" in unknown


async def follows_of(hub: Hub) -> set[tuple[str | None, str | None]]:
    async with hub.uow() as uow:
        return {(f.kind, f.region_code) for f in await uow.session.scalars(select(EventFollow))}


async def test_follow_by_region_name_kind_word_or_part_of_a_name(world: Hub) -> None:
    amina, lucia = console("amina"), console("lucia")
    west = region_name("west-africa", "fr")
    assert f"Vous suivez désormais : {west}" in await text_of(
        world, amina, "/follow afrique de l'ouest"
    )
    assert await follows_of(world) == {(None, "west-africa")}
    # "Afrique" alone fits several regions: the hub asks which, by their French names.
    several = await text_of(world, amina, "/follow afrique")
    assert west in several
    assert "laquelle" in several
    assert "west-africa" not in several
    assert "Ahora sigue" in await text_of(world, lucia, "/follow Mesa")
    assert (("bureau", None)) in await follows_of(world)
    wrong = await text_of(world, lucia, "/follow marte")
    assert "buró" in wrong
    assert "todo" in wrong
    assert "stc" not in wrong


async def test_subscribe_with_french_and_spanish_words(world: Hub) -> None:
    [monthly] = await say(world, console("amina"), "/subscribe mensuel")
    assert next(b.data for row in monthly.buttons for b in row).startswith("nlsub:monthly:")
    [weekly] = await say(world, console("lucia"), "/subscribe Semanal español")
    assert next(b.data for row in weekly.buttons for b in row) == "nlok:weekly:es"
    wrong: list[Reply] = await say(world, console("lucia"), "/subscribe diario")
    assert "semanal o mensual" in wrong[0].plain_text


async def test_apply_with_a_french_category(hub: Hub) -> None:
    farmer = await make_person(hub, "awa", language="fr")
    filed = await text_of(hub, farmer, "/apply Coop Sahel | Coopérative | SN | | Nous cultivons.")
    assert "Coop Sahel" in filed
    assert "Merci" in filed
    async with hub.uow() as uow:
        application = await uow.session.scalar(select(MembershipApplication))
        assert application is not None
        assert application.category == "producer_org"
    wrong = await text_of(hub, farmer, "/apply X | magiciens")
    assert "coopérative" not in wrong
    assert "organisation de producteurs" in wrong
    assert "producer_org" not in wrong


async def test_the_queue_filters_in_french_and_spanish(world: Hub) -> None:
    await make_person(world, "kofi", Role.CORRESPONDENT, region="west-africa")
    await make_person(world, "claire", Role.SECRETARIAT, language="fr")
    await make_person(world, "eva", Role.SECRETARIAT, language="es")
    await file_report(world, "kofi", "Biochar kiln", "A new kiln for biochar.", ReportType.PRACTICE)
    await file_report(world, "kofi", "Floods", "Floods near Kumasi.")
    claire, eva = console("claire"), console("eva")
    practices = await text_of(world, claire, f"/queue pratique {region_name('west-africa', 'fr')}")
    assert "Biochar kiln" in practices
    assert "Floods" not in practices
    assert "Floods" in await text_of(world, eva, "/queue noticia en attente")
    assert "Biochar kiln" not in await text_of(world, eva, "/queue aprobados")
    wrong = await text_of(world, eva, "/queue marte")
    assert "No conozco el filtro marte" in wrong
    assert "práctica" in wrong
    assert "pendiente" in wrong
