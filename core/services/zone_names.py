"""Time zones by the name of a city or a country, in French, English or Spanish (Babel's data)."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from babel.core import get_global
from babel.dates import get_timezone_location

from core.domain.errors import N_, InvalidInput
from core.domain.vocabulary import fold
from core.i18n import LANGUAGES, country_code


class SeveralZones(InvalidInput):
    """The country has several time zones: the person must pick one."""

    def __init__(self, value: str, zones: tuple[str, ...]) -> None:
        super().__init__(N_("{place} has several time zones: which one?"), place=value[:60])
        self.zones = zones


@cache
def _zones() -> tuple[str, ...]:
    """Babel's zones that the installed tz database knows, in Babel's order."""
    known = available_timezones()
    return tuple(zone for zone in get_global("zone_territories") if zone in known)


@cache
def _cities() -> dict[str, str]:
    """Folded exemplar city (fr/en/es, and the city part of the IANA name) -> zone."""
    found: dict[str, str] = {}
    for zone in _zones():
        found.setdefault(fold(zone.rsplit("/", 1)[-1].replace("_", " ")), zone)
        for language in LANGUAGES:
            city = get_timezone_location(zone, locale=language, return_city=True)
            found.setdefault(fold(str(city)), zone)
    return found


def country_zones(code: str) -> tuple[str, ...]:
    """The zones of a country (territory code), those the tz database knows."""
    known = set(_zones())
    zones = get_global("territory_zones").get(code, ())
    return tuple(zone for zone in zones if zone in known)


def city_zone(name: str) -> str | None:
    """'Ouagadougou', 'Bogotá', 'Le Caire' -> their zone, or None."""
    return _cities().get(fold(name))


def zone_by_place(name: str) -> str | None:
    """A zone from a city or a country name; SeveralZones when the country has more than one."""
    if zone := city_zone(name):
        return zone
    code = country_code(name)
    if code is None:
        return None
    zones = country_zones(code)
    if len(zones) > 1:
        raise SeveralZones(name.strip(), zones)
    return zones[0] if zones else None
