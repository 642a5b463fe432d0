"""Names that come from Babel's CLDR data, so tests follow whatever Babel release is installed."""

from babel import Locale
from babel.dates import get_timezone_location


def city(zone: str, language: str) -> str:
    """The city Babel names for a time zone in a language ('Calcutta' or 'Kolkata', 'Le Caire')."""
    return str(get_timezone_location(zone, locale=language, return_city=True))


def french_zone(zone: str) -> str:
    """'heure de Paris', 'heure du Caire': the French zone label built from Babel's city name."""
    name = city(zone, "fr")
    if name.startswith("Le "):
        return "heure du " + name.removeprefix("Le ")
    return "heure de " + name


def territory(code: str, language: str) -> str:
    """Babel's name of a territory (country) in a language."""
    return str(Locale.parse(language).territories[code])
