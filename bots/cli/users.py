"""`4p1000 users`: roles."""

from __future__ import annotations

import typer

from bots.cli.common import committed, fail, region_code
from core.bootstrap import Hub, UnitOfWork
from core.domain.people import Channel, Role
from core.services import people

app = typer.Typer(help="People and their roles.", no_args_is_help=True)


@app.command()
def grant(
    role: Role = typer.Argument(
        ..., help="correspondent, secretariat, bureau, stc, expert or admin."
    ),
    telegram: str = typer.Option(None, "--telegram", help="Telegram user id."),
    slack: str = typer.Option(None, "--slack", help="Slack user id."),
    user: str = typer.Option(None, "--user", help="Console/person name."),
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Region code (correspondents)."
    ),
) -> None:
    """Give ROLE to a person named by exactly one of --telegram, --slack, --user."""
    chosen = [(Channel.TELEGRAM, telegram), (Channel.SLACK, slack), (Channel.CONSOLE, user)]
    given = [(channel, value) for channel, value in chosen if value]
    if len(given) != 1:
        fail("name the person with exactly one of --telegram, --slack or --user", 2)
    if role is Role.FRIEND:
        fail("everyone is a friend already; grant correspondent, secretariat, bureau or admin", 2)
    channel, external_id = given[0]

    async def work(hub: Hub, uow: UnitOfWork) -> bool:
        return await people.grant_role_to(channel, external_id, role, uow, region=region, by="cli")

    added = committed(work)
    where = f" for {region}" if region else ""
    typer.echo(f"granted {role.value}{where}" if added else f"already {role.value}{where}")
