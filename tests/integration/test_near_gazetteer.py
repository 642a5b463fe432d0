"""/near knows towns (GeoNames cities of 15,000+) by fr/en/es names, and asks when unsure."""

from __future__ import annotations

import pytest

from core.bootstrap import Hub
from core.domain.errors import InvalidInput
from core.i18n import country_name
from core.search.cities import cities_named
from core.seed.demo import load_demo
from core.services.place_lookup import locate
from tests.factories import console, text_of
from tests.integration.event_helpers import person


@pytest.mark.parametrize(
    ("typed", "meant", "country"),
    [
        ("Kaya", "Kaya", "BF"),
        ("kaya", "Kaya", "BF"),
        ("Koudougou", "Koudougou", "BF"),
        ("Londres", "London", "GB"),
        ("Le Caire", "Cairo", "EG"),
        ("El Cairo", "Cairo", "EG"),
        ("Dubai", "Dubai", "AE"),
        ("Dubaï", "Dubai", "AE"),
        ("Pékin", "Beijing", "CN"),
        ("Nueva York", "New York City", "US"),
        ("Genève", "Geneva", "CH"),
        ("Valencia, Espagne", "Valencia", "ES"),
        ("Valencia España", "Valencia", "ES"),
        ("Valencia VE", "Valencia", "VE"),
    ],
)
def test_towns_by_their_names_in_any_language(typed: str, meant: str, country: str) -> None:
    expected = next(c for c in cities_named(meant) if c.country == country)
    place = locate(typed)
    assert (place.country, place.latitude, place.longitude) == (
        expected.country,
        expected.latitude,
        expected.longitude,
    )
    assert not place.is_country


def test_what_the_small_gazetteer_knew_still_resolves() -> None:
    assert locate("Sénégal").is_country
    assert locate("Sénégal").country == "SN"
    assert locate("CI").country == "CI"
    assert locate("Abidjn").name == "Abidjan"  # a typo, among the large cities
    assert locate("Rome").country == "IT"  # far larger than the other cities named Rome


def test_a_name_several_towns_share_asks_which() -> None:
    with pytest.raises(InvalidInput) as raised:
        locate("Valencia")
    countries = {names["en"] for names in raised.value.params["places"].names}
    assert {"Valencia (Spain)", "Valencia (Venezuela)"} <= countries
    with pytest.raises(InvalidInput):
        locate("Nowhereville")


async def test_near_in_french_and_spanish(hub: Hub) -> None:
    await person(hub, "awa", "Africa/Ouagadougou", "fr")
    await person(hub, "lucia", "America/Lima", "es")
    french = await text_of(hub, console("awa"), "/pres Kaya")
    assert "Je ne connais pas" not in french
    asked = await text_of(hub, console("awa"), "/pres Valencia")
    assert "Valencia peut être" in asked
    assert f"Valencia ({country_name('ES', 'fr')})" in asked
    assert "/pres Valencia, " in asked
    spanish = await text_of(hub, console("lucia"), "/cerca Valencia")
    assert "Valencia puede ser" in spanish
    assert f"Valencia ({country_name('ES', 'es')})" in spanish
    assert "No conozco" in await text_of(hub, console("lucia"), "/cerca Nowhereville")


async def test_the_place_is_named_in_the_readers_language(hub: Hub) -> None:
    await load_demo(hub)
    await person(hub, "awa", "Africa/Ouagadougou", "fr")
    await person(hub, "lucia", "America/Lima", "es")
    kaya = await text_of(hub, console("awa"), "/pres Kaya")
    assert f"Kaya, {country_name('BF', 'fr')}" in kaya.splitlines()[0]
    for who, language in (("awa", "fr"), ("lucia", "es")):
        first = (await text_of(hub, console(who), "/near Senegal")).splitlines()[0]
        assert country_name("SN", language) in first
