"""Command names in French, English and Spanish: typed on any channel, shown in yours."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import core.interactions.features as features
from bots.slack.inputs import slash_input
from bots.telegram.commands import menu
from core.bootstrap import Hub
from core.domain import vocabulary
from core.domain.command_words import COMMAND_WORDS
from core.domain.people import Role
from core.interactions.dispatch import parse_text
from core.interactions.model import Command
from core.interactions.registry import COMMANDS, canonical_command, command_word
from tests.factories import make_person, text_of

for module in pkgutil.iter_modules(features.__path__):
    importlib.import_module(f"{features.__name__}.{module.name}")

TELEGRAM_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


def test_every_command_has_words_in_each_language_and_shows_a_telegram_name() -> None:
    assert set(COMMANDS) <= set(COMMAND_WORDS)
    for name in COMMANDS:
        for language in ("fr", "en", "es"):
            assert TELEGRAM_COMMAND.match(command_word(name, language)), (name, language)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("aide", "help"),
        ("AIDE", "help"),
        ("ayuda", "help"),
        ("événements", "events"),
        ("evenements", "events"),
        ("eventos", "events"),
        ("pratiques", "practices"),
        ("prácticas", "practices"),
        ("practicas", "practices"),
        ("langue", "language"),
        ("idioma", "language"),
        ("près", "near"),
        ("cerca", "near"),
        ("fuseau_horaire", "timezone"),
        ("mes_rapports", "myreports"),
        ("help", "help"),
    ],
)
def test_typed_names_mean_one_command(typed: str, meant: str) -> None:
    assert canonical_command(typed) == meant
    parsed = parse_text(f"/{typed} x")
    assert isinstance(parsed, Command)
    assert canonical_command(parsed.name) == meant
    assert slash_input(f"{typed} x") == Command(meant, "x")  # Slack's /4p1000 aide x


def test_telegram_menus_name_commands_in_each_language() -> None:
    french = {command.command for command in menu("fr")}
    spanish = {command.command for command in menu("es")}
    assert {"aide", "evenements", "pratiques", "langue"} <= french
    assert {"ayuda", "eventos", "practicas", "idioma"} <= spanish


async def test_french_and_spanish_people_type_their_own_commands(hub: Hub) -> None:
    amina = await make_person(hub, "amina", language="fr")
    lucia = await make_person(hub, "lucia", Role.CORRESPONDENT, region="x", language="es")
    french = await text_of(hub, amina, "/aide")
    assert "/pratiques" in french
    assert "/evenements" in french
    assert "/langue" in french
    assert "/help" not in french
    spanish = await text_of(hub, lucia, "/ayuda")
    assert "/practicas" in spanish
    assert "/eventos" in spanish
    assert "/misinformes" in spanish
    assert "Comando desconocido" not in await text_of(hub, lucia, "/Idioma")
    assert "Comando desconocido" not in await text_of(hub, lucia, "/eventos")
    assert "Commande inconnue" not in await text_of(hub, amina, "/événements")
    for word in vocabulary.VOCABULARY[vocabulary.COMMAND]["help"]["fr"]:
        assert "/pratiques" in await text_of(hub, amina, f"/{word}")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_translated_texts_name_commands_in_their_own_language(language: str) -> None:
    """A French or Spanish text never tells its reader to type an English-only command."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    english = {words["en"][0]: name for name, words in COMMAND_WORDS.items()}
    typed = re.compile(r"(?<![\w/:.])/([a-z_]+)\b")
    wrong = []
    for path in sorted(Path("locales", language, "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in texts:
                for word in typed.findall(text or ""):
                    name = english.get(word)
                    if name and word not in COMMAND_WORDS[name][language]:
                        wrong.append(f"{path.name}: /{word} in {text!r}")
    assert not wrong, "\n".join(wrong)
