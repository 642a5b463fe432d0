"""`4p1000 --debug status` and the help listing reach `status` through typer: hand it over."""

from __future__ import annotations

import sys

import typer

from bots.cli.status import SUMMARY, main


def register(app: typer.Typer) -> None:
    app.command(
        "status",
        help=SUMMARY,
        add_help_option=False,
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )(status_command)


def status_command(ctx: typer.Context) -> None:
    """Run `status` with the arguments as given (it parses them itself), `--debug` included."""
    debug = ["--debug"] if "--debug" in sys.argv[: sys.argv.index("status")] else []
    raise typer.Exit(main([*ctx.args, *debug]))
