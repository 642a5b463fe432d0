"""How a command gives up: one line on stderr and an exit code (cheap to import)."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"4p1000: {message}", err=True)
    raise typer.Exit(code)
