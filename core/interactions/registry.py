"""Commands and buttons register themselves here; dispatch looks them up."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.domain.people import Role
from core.domain.vocabulary import COMMAND, VOCABULARY, parse, word
from core.interactions.context import Context
from core.interactions.model import Reply

CommandHandler = Callable[[Context, str], Awaitable[Reply | list[Reply]]]
ButtonHandler = Callable[[Context, list[str]], Awaitable[Reply | list[Reply]]]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: CommandHandler
    summary: str  # a gettext id
    usage: str = ""
    roles: frozenset[Role] | None = None  # None: everyone
    order: int = 50


COMMANDS: dict[str, CommandSpec] = {}
ALIASES: dict[str, str] = {}
BUTTONS: dict[str, ButtonHandler] = {}


def command(
    name: str,
    summary: str,
    *,
    usage: str = "",
    roles: frozenset[Role] | None = None,
    aliases: tuple[str, ...] = (),
    order: int = 50,
) -> Callable[[CommandHandler], CommandHandler]:
    """Register a /command. `summary` is shown by /help, translated."""

    def register(handler: CommandHandler) -> CommandHandler:
        COMMANDS[name] = CommandSpec(name, handler, summary, usage, roles, order)
        for alias in aliases:
            ALIASES[alias] = name
        return handler

    return register


def button(verb: str) -> Callable[[ButtonHandler], ButtonHandler]:
    """Register a handler for button data `verb:arg:arg...`."""

    def register(handler: ButtonHandler) -> ButtonHandler:
        BUTTONS[verb] = handler
        return handler

    return register


def canonical_command(name: str) -> str:
    """The command a typed name means in any language ('Aide', 'ayuda' -> 'help')."""
    name = name.lower()
    return parse(COMMAND, name) or ALIASES.get(name, name)


def find_command(name: str) -> CommandSpec | None:
    return COMMANDS.get(canonical_command(name))


def command_word(name: str, language: str) -> str:
    """The name the hub shows for command `name` in `language` ('help', 'fr' -> 'aide')."""
    return word(COMMAND, name, language) if name in VOCABULARY[COMMAND] else name
