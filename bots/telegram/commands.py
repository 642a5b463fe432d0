"""Publish the command menu (setMyCommands) in French, English and Spanish."""

from __future__ import annotations

from telegram import Bot, BotCommand

from core.i18n import LANGUAGES, Translator
from core.interactions.registry import COMMANDS, command_word

MAX_DESCRIPTION = 256  # Bot API limit


def menu(language: str) -> list[BotCommand]:
    """The commands everyone may use, described in `language`."""
    t = Translator(language)
    public = sorted(
        (spec for spec in COMMANDS.values() if spec.roles is None),
        key=lambda spec: (spec.order, spec.name),
    )
    return [
        BotCommand(command_word(spec.name, language), t(spec.summary)[:MAX_DESCRIPTION])
        for spec in public
    ]


async def publish_commands(bot: Bot) -> None:
    """Set the default menu (English) and one per language."""
    await bot.set_my_commands(menu("en"))
    for language in LANGUAGES:
        await bot.set_my_commands(menu(language), language_code=language)
