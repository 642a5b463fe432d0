"""Translations (gettext catalogs under locales/) and locale- and zone-aware formatting."""

from __future__ import annotations

import io
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from core.domain.languages import LANGUAGES
from core.domain.vocabulary import fold

__all__ = ["LANGUAGES"]  # the one definition lives in core.domain.languages
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def normalize_language(code: str | None) -> str | None:
    """`fr-FR` -> `fr`; None for a language the hub does not speak."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def _load_catalog(path: Path) -> Translations:
    mo_path = path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= path.stat().st_mtime:
        with mo_path.open("rb") as mo_file:
            return Translations(mo_file)
    # A source checkout without compiled catalogs: compile in memory, same result.
    with path.open("rb") as po_file:
        catalog = read_po(po_file)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@cache
def translations(language: str) -> Translations:
    """Every catalog of `language` merged into one (one .po file per feature)."""
    merged = Translations()
    for po_path in sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po")):
        merged.merge(_load_catalog(po_path))
    return merged


def gettext(language: str, message: str, /, **params: Any) -> str:
    """Translate `message` into `language` and fill its {placeholders}."""
    text = translations(language).gettext(message)
    return text.format(**params) if params else text


def ngettext(language: str, singular: str, plural: str, count: int, /, **params: Any) -> str:
    text = translations(language).ngettext(singular, plural, count)
    return text.format(count=count, **params)


class Translator:
    """Bound to one reader: their language and time zone."""

    def __init__(self, language: str, timezone: str = "UTC") -> None:
        self.language = language
        self.zone = ZoneInfo(timezone)

    def __call__(self, message: str, /, **params: Any) -> str:
        return gettext(self.language, message, **params)

    def plural(self, singular: str, plural: str, count: int, /, **params: Any) -> str:
        return ngettext(self.language, singular, plural, count, **params)

    def number(self, value: float, places: int | None = None) -> str:
        """A number as the reader writes it: '12,5' in French, '1 234' or '1,234'."""
        pattern = None if places is None else "#,##0." + "0" * places if places else "#,##0"
        return str(format_decimal(value, format=pattern, locale=self.language))

    def pick(self, texts: dict[str, Any] | None) -> tuple[str, str | None]:
        """The text in the reader's language, else a fallback and the language it is in."""
        return pick_language(texts or {}, self.language)

    def date(self, moment: datetime, *, zone: ZoneInfo | None = None) -> str:
        local = moment.astimezone(zone or self.zone)
        return format_date(
            local, format=_date_pattern(self.language, local.day), locale=self.language
        )

    def time(self, moment: datetime, *, zone: ZoneInfo | None = None) -> str:
        local = moment.astimezone(zone or self.zone)
        return format_time(local, format="short", locale=self.language)

    def zone_name(self, zone: ZoneInfo | None = None) -> str:
        """'heure de Paris', 'Lima time', 'UTC'."""
        zone = zone or self.zone
        if zone.key in ("UTC", "Etc/UTC"):
            return "UTC"
        city = str(get_timezone_location(zone, locale=self.language, return_city=True))
        if self.language == "fr":
            return "heure " + _french_of(city)
        return gettext(self.language, "{city} time", city=city)

    def when(self, moment: datetime, *, zone: ZoneInfo | None = None) -> str:
        """Full date and time in the reader's (or the given) zone, e.g. for reminders."""
        return gettext(
            self.language,
            "{date} at {time} ({zone})",
            date=self.date(moment, zone=zone),
            time=self.time(moment, zone=zone),
            zone=self.zone_name(zone),
        )

    def language_name(self, code: str) -> str:
        return str(Locale.parse(code).get_display_name(self.language))


@cache
def _countries() -> dict[str, str]:
    """Folded country name in fr/en/es (Babel's territory names) -> territory code."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                found.setdefault(fold(name), code)
    return found


def country_code(name: str) -> str | None:
    """'Sénégal', 'senegal', 'Brazil', 'Brasil' -> its two-letter code, or None."""
    return _countries().get(fold(name))


def country_name(code: str, language: str) -> str:
    """A country's name in `language`, from Babel: ('BR', 'fr') -> 'Brésil'."""
    return str(Locale.parse(language).territories.get(code, code))


def localize_place(place: str, language: str) -> str:
    """'Brasília, Brazil' -> 'Brasília, Brésil' in French: the country in the reader's words."""
    head, comma, last = place.rpartition(", ")
    if not comma:
        return place
    country, space, rest = last.partition(" (")
    code = country_code(country)
    if code is None:
        return place
    return f"{head}, {country_name(code, language)}{space}{rest}"


def _date_pattern(language: str, day: int) -> str:
    """The full date pattern; in French the first of the month is '1er' ('mardi 1er décembre')."""
    pattern = str(Locale.parse(language).date_formats["full"].pattern)
    if language == "fr" and day == 1:
        return re.sub(r"(?<![d'])d(?![d'])", "d'er'", pattern, count=1)
    return pattern


def own_name(code: str) -> str:
    """A language named in itself: 'Français', 'English', 'Español'."""
    name = str(Locale.parse(code).get_display_name(code))
    return name[:1].upper() + name[1:]


def languages_for(reader: str) -> list[str]:
    """The hub's languages, the reader's own first (a choice they make by pressing the first)."""
    return sorted(LANGUAGES, key=lambda code: code != reader)


def pick_language(texts: dict[str, Any], language: str) -> tuple[str, str | None]:
    """Return (text, None) in `language`, or (text, its language) from the best fallback."""
    if texts.get(language):
        return str(texts[language]), None
    for other in (*LANGUAGES, *texts):
        if texts.get(other):
            return str(texts[other]), other
    return "", None


def _french_of(city: str) -> str:
    """'de Paris', 'du Caire', 'd'Abidjan', 'de La Paz', 'des Açores' (French elision)."""
    if city.startswith("Le "):
        return "du " + city[3:]
    if city.startswith("Les "):
        return "des " + city[4:]
    if city[:1].lower() in "aeiouyéèêh":
        return "d’" + city
    return "de " + city
