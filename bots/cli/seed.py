"""`4p1000 seed`: the shipped datasets."""

from __future__ import annotations

import typer

from bots.cli.common import with_hub
from core.seed.demo import load_demo

app = typer.Typer(help="Load shipped datasets.", no_args_is_help=True)


@app.command()
def demo() -> None:
    """Load the demo dataset (idempotent: loading twice changes nothing)."""
    counts = with_hub(load_demo)
    if not any(counts.values()):
        typer.echo("demo data already there: nothing added")
        return
    typer.echo("demo data loaded: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
