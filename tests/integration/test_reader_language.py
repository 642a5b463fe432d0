"""What French and Spanish readers see: language choices, region and country names, dates."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from babel import Locale

from core.bootstrap import Hub
from core.domain.people import Role
from core.i18n import Translator
from core.persistence.models import Region
from core.seed import demo
from tests.babel_data import city, territory
from tests.factories import console, make_person, say, text_of
from tests.integration.event_helpers import event, person, utc

NOW = utc(2026, 11, 2, 9, 0)
REGIONS = json.loads((demo.DATA / "regions.json").read_text(encoding="utf-8"))


def own(code: str) -> str:
    name = str(Locale.parse(code).get_display_name(code))
    return name[:1].upper() + name[1:]


async def test_language_buttons_name_each_language_in_itself_readers_first(hub: Hub) -> None:
    await person(hub, "amina", "Europe/Paris", "fr")
    await person(hub, "lucia", "America/Lima", "es")
    for name, first in (("amina", "fr"), ("lucia", "es")):
        [reply] = await say(hub, console(name), "/language")
        buttons = [b for row in reply.buttons for b in row]
        assert buttons[0].data == f"lang:{first}"
        assert sorted(b.label for b in buttons) == sorted(own(c) for c in ("fr", "en", "es"))
    assert "en español" in await text_of(hub, console("amina"), "/language Espagnol")


async def test_me_names_regions_in_the_readers_language(hub: Hub) -> None:
    async with hub.uow() as uow:
        uow.session.add_all(Region(code=r["code"], names=r["names"]) for r in REGIONS)
        await uow.commit()
    west = next(r["names"] for r in REGIONS if r["code"] == "west-africa")
    fr = await make_person(hub, "awa", Role.CORRESPONDENT, region="west-africa", language="fr")
    es = await make_person(hub, "eva", Role.CORRESPONDENT, region="west-africa", language="es")
    french = await text_of(hub, fr, "/me")
    assert f"Régions : {west['fr']}" in french
    assert "west-africa" not in french
    assert "Fuseau horaire : UTC" in french
    assert f"Regiones: {west['es']}" in await text_of(hub, es, "/me")


async def test_event_places_name_the_country_in_the_readers_language(hub: Hub) -> None:
    hub.clock = lambda: NOW
    place = f"Brasília, {territory('BR', 'en')} (COP30)"
    await event(hub, datetime(2026, 11, 10, 14, 0), "America/Sao_Paulo", now=NOW, place=place)
    await person(hub, "amina", "Europe/Paris", "fr")
    await person(hub, "lucia", "America/Lima", "es")
    assert f"📍 Brasília, {territory('BR', 'fr')} (COP30)" in await text_of(
        hub, console("amina"), "/events"
    )
    assert f"📍 Brasília, {territory('BR', 'es')} (COP30)" in await text_of(
        hub, console("lucia"), "/events"
    )


def test_the_first_of_the_month_is_1er_in_french_only() -> None:
    first, second = datetime(2026, 12, 1, 12, tzinfo=UTC), datetime(2026, 12, 2, 12, tzinfo=UTC)
    french = Translator("fr")
    assert " 1er " in french.date(first)
    assert " 2 " in french.date(second)
    assert "1er" not in Translator("es").date(first) + Translator("en").date(first)


async def test_me_names_the_time_zone_by_its_city_in_spanish(hub: Hub) -> None:
    await person(hub, "lucia", "America/Bogota", "es")
    assert f"Zona horaria: hora de {city('America/Bogota', 'es')}" in await text_of(
        hub, console("lucia"), "/me"
    )
