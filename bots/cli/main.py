"""`4p1000`: run, seed and operate the hub (each command's module is imported only when run)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

import typer
from typer._click import exceptions as click_errors  # typer vendors click
from typer.core import TyperCommand, TyperGroup

# name -> (short help, builder): the builder imports the command's module and registers it.
Builder = Callable[[typer.Typer], None]


def _sub(module: str, name: str) -> Builder:
    def build(top: typer.Typer) -> None:
        top.add_typer(importlib.import_module(module).app, name=name)

    return build


def _registered(module: str) -> Builder:
    def build(top: typer.Typer) -> None:
        importlib.import_module(module).register(top)

    return build


def _transfer(top: typer.Typer) -> None:
    from bots.cli import applications, directory_transfer, events, outbox, transfer

    del applications, events  # imported for the subcommands they add to import/export
    directory_transfer.register(transfer.import_app, transfer.export_app)
    outbox.register(typer.Typer(), transfer.import_app)
    top.add_typer(transfer.import_app, name="import")
    top.add_typer(transfer.export_app, name="export")


def _outbox(top: typer.Typer) -> None:
    from bots.cli import outbox, transfer

    outbox.register(top, transfer.import_app)


COMMANDS: dict[str, tuple[str, Builder]] = {
    "chat": (
        "Chat with the bot as USER (interactive on a TTY; piped: one message per line).",
        _registered("bots.cli.chat"),
    ),
    "demo": (
        "Migrate the default database, load the demo data and open the terminal chat.",
        _registered("bots.cli.chat"),
    ),
    "serve": (
        "Run the named parts (default: every configured part) until SIGTERM or SIGINT.",
        _registered("bots.cli.serve"),
    ),
    "announce": ("Queue a Secretariat announcement for everyone with a role (or all).", _outbox),
    "status": (
        "Show the outbox by status, the oldest due message, dead letters, the last tick.",
        _registered("bots.cli.status_command"),
    ),
    "db": ("Database schema migrations.", _sub("bots.cli.db", "db")),
    "seed": ("Load shipped datasets.", _sub("bots.cli.seed", "seed")),
    "users": ("People and their roles.", _sub("bots.cli.users", "users")),
    "reports": (
        "Field reports: the moderation queue and decisions.",
        _sub("bots.cli.reports", "reports"),
    ),
    "questions": (
        "Questions to the experts: the queue, answers, Q&A entries.",
        _sub("bots.cli.questions", "questions"),
    ),
    "invite": ("Invite people with one-time codes.", _sub("bots.cli.invite", "invite")),
    "import": ("Import data from CSV or JSON files.", _transfer),
    "export": ("Export data to CSV or JSON files.", _transfer),
    "news": ("Newsletter items: write, translate, publish.", _registered("bots.cli.newsletter")),
    "digest": ("Digests: preview, run, delivery figures.", _registered("bots.cli.newsletter")),
    "events": (
        "Events: list, create, edit, reschedule, publish, cancel.",
        _sub("bots.cli.events", "events"),
    ),
    "applications": (
        "Membership applications and the Bureau's votes.",
        _sub("bots.cli.applications", "applications"),
    ),
}


class LazyGroup(TyperGroup):
    """Lists commands from `COMMANDS` without importing them; imports one when it runs."""

    listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        short_help, build = COMMANDS[cmd_name]
        if self.listing:
            return TyperCommand(cmd_name, help=short_help, short_help=short_help)
        if cmd_name not in self.commands:
            top = typer.Typer()
            build(top)
            loaded = typer.main.get_group(top)
            command = loaded.get_command(ctx, cmd_name)
            if command is None:
                return None
            self.commands[cmd_name] = command
        return self.commands[cmd_name]


app = typer.Typer(
    name="4p1000",
    cls=LazyGroup,
    help="The messaging hub of the '4 per 1000' Initiative.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich would cost more start-up time than the help itself
)


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks.")) -> None:
    """The messaging hub of the '4 per 1000' Initiative."""


def run() -> None:
    """Console-script entry point: one clear line on stderr and an exit code for errors."""
    debug = "--debug" in sys.argv
    try:
        result = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError:  # the help is already printed
        sys.exit(2)
    except click_errors.UsageError as error:  # one line naming the valid choices, exit 2
        where = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        _die(" ".join(error.format_message().split()) + where, 2, debug)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _die("interrupted", 130, debug)
    except Exception as error:  # imported here: `--help` does not pay for the settings
        _fail(error, debug)
    sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)


def _fail(error: Exception, debug: bool) -> None:
    """Configuration: exit 2; a refused action: exit 1; anything else: one line, exit 1."""
    from core.config import ConfigError
    from core.domain.errors import DomainError
    from core.i18n import gettext

    if isinstance(error, ConfigError):
        _die(f"configuration: {error}", 2, debug)
    elif isinstance(error, DomainError):
        _die(gettext("en", error.message, **error.params), 1, debug)
    else:  # the last resort: one line, no traceback unless --debug
        _die(f"{type(error).__name__}: {error}", 1, debug)


def _die(message: str, code: int, debug: bool) -> None:
    if debug:
        raise
    print(f"4p1000: {message}", file=sys.stderr)
    sys.exit(code)
