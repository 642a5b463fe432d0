"""The `4p1000` console script: `status` runs on its own lean path, the rest through typer."""

from __future__ import annotations

import sys


def run() -> None:
    """Start `status` without typer or the settings (healthchecks run it often); else the CLI."""
    if sys.argv[1:2] == ["status"]:
        from bots.cli.status import main

        sys.exit(main(sys.argv[2:]))
    from bots.cli.main import run as run_typer

    run_typer()
