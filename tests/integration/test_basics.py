"""/start, /help, /language, /timezone and bad input, through the core on real databases."""

from __future__ import annotations

from core.bootstrap import Hub
from core.domain.people import Role
from core.interactions.model import ButtonPress, SharedFile, Unsupported
from tests.babel_data import city
from tests.factories import console, make_person, say, text_of


async def test_help_in_english_by_default_then_in_french(hub: Hub) -> None:
    amina = console("amina")
    assert "What I can do" in await text_of(hub, amina, "/help")
    assert "français" in await text_of(hub, amina, "/language fr")
    help_fr = await text_of(hub, amina, "/help")
    assert "Ce que je sais faire" in help_fr
    assert "/langue fr|en|es — Choisir votre langue" in help_fr


async def test_language_hint_from_the_channel_is_the_first_default(hub: Hub) -> None:
    lucia = console("lucia", language="es-PE")
    assert "Lo que puedo hacer" in await text_of(hub, lucia, "/help")


async def test_language_buttons_and_unknown_language(hub: Hub) -> None:
    amina = console("amina")
    replies = await say(hub, amina, "/language")
    data = [button.data for row in replies[0].buttons for button in row]
    assert data == ["lang:en", "lang:fr", "lang:es"]
    assert "español" in await text_of(hub, amina, ButtonPress("lang:es"))
    assert "Idioma desconocido: de" in await text_of(hub, amina, "/language de")


async def test_timezone_is_validated_and_kept(hub: Hub) -> None:
    amina = console("amina")
    set_zone = await text_of(hub, amina, "/timezone europe/paris")
    assert f"{city('Europe/Paris', 'en')} time" in set_zone
    assert "Unknown time zone Mars/Base" in await text_of(hub, amina, "/timezone Mars/Base")
    assert f"Time zone: {city('Europe/Paris', 'en')} time" in await text_of(hub, amina, "/me")


async def test_help_shows_only_what_the_role_allows(hub: Hub) -> None:
    secretary = await make_person(hub, "claire", Role.SECRETARIAT)
    assert "Executive Secretariat" in await text_of(hub, secretary, "/me")


async def test_bad_input_gets_a_clear_localized_answer(hub: Hub) -> None:
    amina = console("amina")
    await say(hub, amina, "/language fr")
    assert "Commande inconnue : /frobnicate" in await text_of(hub, amina, "/frobnicate now")
    assert "Ce bouton n'est plus valable" in await text_of(hub, amina, ButtonPress("forged:1"))
    assert "Je n'ai pas compris" in await text_of(hub, amina, "\x00\x07 ???")
    assert "type de message" in await text_of(hub, amina, Unsupported("poll"))
    sticker = SharedFile("sticker", "file-1")
    assert "type de fichier" in await text_of(hub, amina, sticker)
    assert "Je n'ai pas compris" in await text_of(hub, amina, "x" * 100_000)


async def test_commands_addressed_to_the_bot_by_name(hub: Hub) -> None:
    assert "What I can do" in await text_of(hub, console("amina"), "/help@hub4p1000bot")


async def test_the_secretariat_help_groups_commands_by_role(hub: Hub) -> None:
    secretary = await make_person(hub, "claire", Role.SECRETARIAT)
    text = await text_of(hub, secretary, "/help")
    headings = ["For everyone", "Field reports", "Secretariat"]
    assert all(h in text for h in headings)
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    assert text.index("/queue") > text.index("Secretariat") > text.index("/report")
    assert text.index("/start") < text.index("Field reports")
    farmer = await text_of(hub, console("amina"), "/help")
    assert "For everyone" not in farmer
    assert "/queue" not in farmer
