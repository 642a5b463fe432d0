"""A shared location gives the time zone: set for a person still on UTC, offered to others."""

from __future__ import annotations

from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.people import Role
from core.interactions.model import ButtonPress, SharedLocation
from core.persistence.models import Person
from core.services.location_zone import zone_at
from tests.factories import console, make_person, say, text_of
from tests.integration.event_helpers import person

KAYA = (13.09, -1.08)
BOGOTA = (4.711, -74.072)
PACIFIC = (0.0, -150.0)


async def zone_of(hub: Hub, name: str) -> str:
    async with hub.uow() as uow:
        found = await uow.session.scalar(select(Person).where(Person.display_name == name))
        assert found is not None
        return found.timezone


def test_the_library_knows_land_and_not_the_open_sea() -> None:
    assert zone_at(*KAYA)
    assert zone_at(*BOGOTA)
    assert zone_at(*KAYA) != zone_at(*BOGOTA)
    assert zone_at(*PACIFIC) is None
    assert zone_at(95.0, 0.0) is None


async def test_a_person_on_utc_gets_the_zone_of_where_they_are(hub: Hub) -> None:
    await person(hub, "awa", "UTC", "fr")
    reply = await text_of(hub, console("awa"), SharedLocation(*KAYA))
    assert "D’après votre position, votre fuseau horaire est désormais" in reply
    assert await zone_of(hub, "awa") == zone_at(*KAYA)


async def test_a_person_with_a_zone_is_offered_the_zone_of_the_place(hub: Hub) -> None:
    await person(hub, "lucia", "Europe/Madrid", "es")
    replies = await say(hub, console("lucia"), SharedLocation(*BOGOTA))
    offer = replies[0]
    assert "Zona horaria de este lugar" in offer.plain_text
    assert "Madrid" in offer.plain_text
    [[button]] = offer.buttons
    assert button.label == "Usar esta zona horaria"
    assert await zone_of(hub, "lucia") == "Europe/Madrid"  # nothing changes unasked
    await say(hub, console("lucia"), ButtonPress(button.data))
    assert await zone_of(hub, "lucia") == zone_at(*BOGOTA)
    again = await text_of(hub, console("lucia"), SharedLocation(*BOGOTA))
    assert "Zona horaria de este lugar" not in again


async def test_the_open_sea_changes_no_zone(hub: Hub) -> None:
    await person(hub, "awa", "UTC", "fr")
    reply = await text_of(hub, console("awa"), SharedLocation(*PACIFIC))
    assert "fuseau" not in reply
    assert await zone_of(hub, "awa") == "UTC"


async def test_a_report_location_is_written_with_the_readers_decimal_comma(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa", language="fr")
    replies = await say(hub, kofi, SharedLocation(5.6, -0.2))
    label = replies[0].buttons[0][0]
    await say(hub, kofi, ButtonPress(label.data))
    await say(hub, kofi, "Coopérative à Accra")
    replies = await say(hub, kofi, "Elle veut adhérer.")
    nexts = [b for row in replies[0].buttons for b in row if b.label == "Suivant"]
    summary = await text_of(hub, kofi, ButtonPress(nexts[0].data))
    assert "latitude 5,60000, longitude -0,20000" in summary


async def test_a_correspondents_report_place_also_gives_their_zone(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa", language="fr")
    reply = await text_of(hub, kofi, SharedLocation(*KAYA))
    assert "I keep this" not in reply
    assert "votre fuseau horaire est désormais" in reply
    assert await zone_of(hub, "kofi") == zone_at(*KAYA)
