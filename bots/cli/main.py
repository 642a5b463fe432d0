"""`4p1000`: run, seed and operate the hub."""

from __future__ import annotations

import sys

import typer
from typer._click import exceptions as click_errors  # typer vendors click

from bots.cli import applications, catalog_transfer, chat, db, seed, transfer, users
from bots.cli import events as events_cli
from bots.cli import invite as invite_cli
from bots.cli import newsletter as newsletter_cli
from bots.cli import outbox as outbox_cli
from bots.cli import reports as reports_cli
from bots.cli import serve as serve_cli
from core.config import ConfigError
from core.domain.errors import DomainError
from core.i18n import gettext

app = typer.Typer(
    name="4p1000",
    help="The messaging hub of the '4 per 1000' Initiative.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks.")) -> None:
    """The messaging hub of the '4 per 1000' Initiative."""


app.add_typer(db.app, name="db")
app.add_typer(seed.app, name="seed")
app.add_typer(users.app, name="users")
app.add_typer(reports_cli.app, name="reports")
app.add_typer(invite_cli.app, name="invite")
app.add_typer(transfer.import_app, name="import")
app.add_typer(transfer.export_app, name="export")
catalog_transfer.register(transfer.import_app, transfer.export_app)
chat.register(app)
newsletter_cli.register(app)
serve_cli.register(app)
outbox_cli.register(app, transfer.import_app)
app.add_typer(events_cli.app, name="events")
app.add_typer(applications.app, name="applications")


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
    except ConfigError as error:
        _die(f"configuration: {error}", 2, debug)
    except DomainError as error:
        _die(gettext("en", error.message, **error.params), 1, debug)
    except Exception as error:  # the last resort: one line, no traceback unless --debug
        _die(f"{type(error).__name__}: {error}", 1, debug)
    sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)


def _die(message: str, code: int, debug: bool) -> None:
    if debug:
        raise
    print(f"4p1000: {message}", file=sys.stderr)
    sys.exit(code)
