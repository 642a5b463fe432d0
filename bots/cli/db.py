"""`4p1000 db`: schema migrations."""

from __future__ import annotations

import typer

from bots.cli.common import settings
from core.persistence import migrate

app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations to DATABASE_URL."""
    migrate.upgrade(settings().database_url, revision)
    typer.echo("database is up to date" if revision == "head" else f"upgraded to {revision}")


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base'.")) -> None:
    """Revert migrations down to REVISION."""
    migrate.downgrade(settings().database_url, revision)
    typer.echo(f"downgraded to {revision}")


@app.command()
def current() -> None:
    """Show the database's current revision."""
    migrate.current(settings().database_url)
