"""Catalogs are complete in fr, en and es; dates follow the reader's language and zone."""

from __future__ import annotations

from datetime import UTC, datetime

from core.i18n import Translator, gettext, normalize_language, pick_language
from tests.babel_data import city, french_zone
from tools import i18n as catalogs


def test_every_message_is_translated_in_every_language() -> None:
    problems = catalogs.check().problems
    assert problems == [], "\n".join(problems)


def test_the_check_notices_a_placeholder_mismatch() -> None:
    assert catalogs.placeholders("Hello {name}, it is {time:%H}") == {"name", "time"}
    assert catalogs.placeholders("Bonjour {nom}") != catalogs.placeholders("Hello {name}")


def test_translation_with_placeholders() -> None:
    assert gettext("fr", "Unknown region {region}.", region="x") == "Région inconnue : x."
    assert gettext("es", "Unknown region {region}.", region="x") == "Región desconocida: x."
    assert gettext("en", "Unknown region {region}.", region="x") == "Unknown region x."


def test_dates_in_the_readers_language_and_zone() -> None:
    moment = datetime(2022, 11, 16, 13, 30, tzinfo=UTC)  # 15:30 in Sharm El Sheikh
    assert Translator("fr", "Europe/Paris").when(moment) == (
        f"mercredi 16 novembre 2022 à 14:30 ({french_zone('Europe/Paris')})"
    )
    assert Translator("es", "America/Lima").when(moment) == (
        f"miércoles, 16 de noviembre de 2022 a las 8:30 (hora de {city('America/Lima', 'es')})"
    )
    assert (
        Translator("en", "UTC").when(moment) == "Wednesday, November 16, 2022 at 1:30\u202fPM (UTC)"
    )


def test_language_codes_and_fallback() -> None:
    assert normalize_language("fr-FR") == "fr"
    assert normalize_language("pt-BR") is None
    assert pick_language({"fr": "Bonjour", "en": "Hello"}, "es") == ("Hello", "en")
    assert pick_language({"fr": "Bonjour"}, "es") == ("Bonjour", "fr")
    assert pick_language({"es": "Hola"}, "es") == ("Hola", None)
