"""`4p1000 invite`: one-time invitation codes and their Telegram deep links."""

from __future__ import annotations

import typer

from bots.cli.common import committed, region_code, settings
from core.bootstrap import Hub, UnitOfWork
from core.domain.people import Role
from core.services.invitations import NewInvitation, create_invitation, deep_link

app = typer.Typer(help="Invite people with one-time codes.", no_args_is_help=True)


@app.command()
def correspondent(
    region: str = typer.Option(
        ..., "--region", callback=region_code, help="The correspondent's region (code or name)."
    ),
    days: int = typer.Option(14, "--days", min=1, max=365, help="Days the code stays valid."),
    by: str = typer.Option("cli", "--by", help="Who invites, for the record."),
) -> None:
    """Print a one-time code (and its Telegram link) that makes its user a correspondent."""
    from datetime import timedelta

    async def work(hub: Hub, uow: UnitOfWork) -> NewInvitation:
        return await create_invitation(
            Role.CORRESPONDENT,
            uow,
            now=hub.now(),
            region=region,
            by=by,
            valid_for=timedelta(days=days),
        )

    made = committed(work)
    username = settings().telegram_bot_username
    typer.echo(f"code: {made.code}")
    typer.echo(f"link: {deep_link(username, made.code)}")
    typer.echo(f"region: {made.region}")
    typer.echo(f"expires: {made.expires_at.strftime('%Y-%m-%d %H:%M')} UTC")
    typer.echo("in the chat: /start " + made.code)
