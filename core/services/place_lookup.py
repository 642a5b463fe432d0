"""A place by name for "partners near": a country, a town of the gazetteer, or a close spelling."""

from __future__ import annotations

from core.domain.errors import N_, InvalidInput
from core.domain.vocabulary import COMMAND, Named, fold, word
from core.i18n import LANGUAGES, country_code, country_name
from core.search.cities import City, cities_named
from core.search.places import Place, countries, find_place
from core.services.lookup import check_query

DOMINANT = 10  # a city this many times as populous as the next of its name is the one meant
MAX_CHOICES = 5


def locate(text: str) -> Place:
    """The country or town `text` names ('Kaya', 'Londres', 'Valencia, Espagne').

    Raises InvalidInput when it names none, or several towns none of which stands out.
    """
    query = check_query(text)
    if not query:
        raise _unknown(text)
    if (country := _country(query)) is not None:
        return country
    name, within = _split_country(query)
    found = [c for c in cities_named(name) if within is None or c.country == within]
    if found:
        return _place(name, _one(name, found))
    place = find_place(query)  # typos, among countries and large cities
    if place is None:
        raise _unknown(text)
    return place


def _country(text: str) -> Place | None:
    """The country named in fr/en/es ('Sénégal') or by its code ('CI')."""
    code = country_code(text) or (text.upper() if len(text) == 2 else None)
    country = countries().get(code or "")
    if country is None:
        return None
    return Place(country.names["en"], country.iso, country.latitude, country.longitude, True)


def _split_country(text: str) -> tuple[str, str | None]:
    """'Valencia, Espagne' or 'Valencia Espagne' -> ('Valencia', 'ES'); else (text, None)."""
    head, comma, tail = text.rpartition(",")
    if comma and head.strip() and (code := _country_code(tail)):
        return head.strip(), code
    words = text.split()
    for cut in range(1, min(3, len(words) - 1) + 1):
        head, tail = " ".join(words[:-cut]), " ".join(words[-cut:])
        if (code := _country_code(tail)) and cities_named(head):
            return head, code
    return text, None


def _country_code(text: str) -> str | None:
    text = text.strip().strip("()")
    return country_code(text) or (text.upper() if len(text) == 2 and text.isalpha() else None)


def _one(name: str, found: list[City]) -> City:
    """The city meant: the only one, or one far more populous than the others of its name."""
    for candidates in (found, [c for c in found if fold(c.name) == fold(name)]):
        if len(candidates) == 1 or (
            len(candidates) > 1 and candidates[0].population >= DOMINANT * candidates[1].population
        ):
            return candidates[0]
    named = [c for c in found if fold(c.name) == fold(name)] or found
    shown = list({(c.name, c.country): c for c in named}.values())  # one per name and country
    raise InvalidInput(
        N_("{place} may be {places}: which one? Add the country, for example {example}."),
        place=name[:60],
        places=Named(tuple(_city_names(c) for c in shown[:MAX_CHOICES])),
        example=Named((_example(name, shown[0]),)),
    )


def _city_names(city: City) -> dict[str, str]:
    return {lang: f"{city.name} ({country_name(city.country, lang)})" for lang in LANGUAGES}


def _example(name: str, city: City) -> dict[str, str]:
    return {
        lang: f"/{word(COMMAND, 'near', lang)} {name}, {country_name(city.country, lang)}"
        for lang in LANGUAGES
    }


def _place(typed: str, city: City) -> Place:
    """The city, named as the person typed it when that is another of its names ('Londres')."""
    shown = city.name if fold(typed) == fold(city.name) else typed.strip().title()
    return Place(shown, city.country, city.latitude, city.longitude, False)


def _unknown(text: str) -> InvalidInput:
    return InvalidInput(
        N_("I do not know the place {place}. Try a town or a country."), place=text.strip()[:60]
    )
