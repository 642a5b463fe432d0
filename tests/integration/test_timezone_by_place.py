"""/timezone with a city or a country in French, English or Spanish (names from Babel)."""

from __future__ import annotations

import unicodedata

import pytest
from babel.core import get_global
from sqlalchemy import select

from core.bootstrap import Hub
from core.interactions.model import ButtonPress
from core.persistence.models import Person
from tests.babel_data import city, territory
from tests.factories import console, say, text_of
from tests.integration.event_helpers import person


def plain(text: str) -> str:
    """Without accents, upper case: how a hurried farmer may type it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


async def zone_of(hub: Hub, name: str) -> str:
    async with hub.uow() as uow:
        found = await uow.session.scalar(select(Person.timezone).where(Person.name == name))
        assert found is not None
        return found


@pytest.mark.parametrize(
    ("language", "zone"),
    [("fr", "Africa/Ouagadougou"), ("es", "America/Bogota"), ("en", "Asia/Kolkata")],
)
async def test_a_city_name_in_the_readers_language_with_or_without_accents(
    hub: Hub, language: str, zone: str
) -> None:
    await person(hub, "awa", "UTC", language)
    await person(hub, "eva", "UTC", language)
    reply = await text_of(hub, console("awa"), f"/timezone {city(zone, language)}")
    assert city(zone, language) in reply
    assert await zone_of(hub, "awa") == zone
    await text_of(hub, console("eva"), f"/timezone {plain(city(zone, language))}")
    assert await zone_of(hub, "eva") == zone


async def test_a_city_in_another_language_and_a_country_with_one_zone(hub: Hub) -> None:
    await person(hub, "awa", "UTC", "fr")
    await text_of(hub, console("awa"), f"/timezone {city('Africa/Cairo', 'es')}")
    assert await zone_of(hub, "awa") == "Africa/Cairo"
    [dakar] = get_global("territory_zones")["SN"]
    await text_of(hub, console("awa"), f"/timezone {territory('SN', 'fr')}")
    assert await zone_of(hub, "awa") == dakar
    await text_of(hub, console("awa"), "/timezone America/Lima")  # IANA names keep working
    assert await zone_of(hub, "awa") == "America/Lima"


async def test_a_country_with_several_zones_asks_which(hub: Hub) -> None:
    await person(hub, "lucia", "UTC", "fr")
    lucia = console("lucia")
    [reply] = await say(hub, lucia, f"/timezone {territory('ES', 'fr')}")
    zones = get_global("territory_zones")["ES"]
    buttons = {b.label: b.data for row in reply.buttons for b in row}
    assert buttons == {city(zone, "fr"): f"tz:{zone}" for zone in zones}
    assert await zone_of(hub, "lucia") == "UTC"  # nothing changes until she picks
    madrid = buttons[city("Europe/Madrid", "fr")]
    assert city("Europe/Madrid", "fr") in await text_of(hub, lucia, ButtonPress(madrid))
    assert await zone_of(hub, "lucia") == "Europe/Madrid"


async def test_an_unknown_place_is_explained_in_spanish(hub: Hub) -> None:
    await person(hub, "eva", "America/Lima", "es")
    reply = await text_of(hub, console("eva"), "/timezone Atlántida")
    assert "No conozco el lugar Atlántida" in reply
    assert await zone_of(hub, "eva") == "America/Lima"


async def test_a_new_person_is_asked_where_they_live_and_not_once_it_is_known(hub: Hub) -> None:
    await person(hub, "awa", "UTC", "fr")
    welcome = await text_of(hub, console("awa"), "/start")
    assert "Où habitez-vous ? Tapez /fuseau" in welcome
    await text_of(hub, console("awa"), f"/timezone {city('Africa/Dakar', 'fr')}")
    assert "Où habitez-vous" not in await text_of(hub, console("awa"), "/start")
