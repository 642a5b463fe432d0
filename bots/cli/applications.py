"""`4p1000 applications ...` and `4p1000 import applications FILE`: membership applications."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from bots.cli.common import run_as
from bots.cli.tabular import run_import
from bots.cli.transfer import import_app
from core.bootstrap import Hub, UnitOfWork
from core.domain.actor import Actor
from core.domain.kinds import ApplicationStatus
from core.services import application_import, membership
from core.services.application_views import ApplicationView

app = typer.Typer(help="Membership applications and the Bureau's votes.", no_args_is_help=True)
BY = typer.Option(
    None, "--by", help="Act as this person (Secretariat or admin); default: operator."
)


def as_row(application: ApplicationView) -> dict[str, Any]:
    return {
        "id": application.id,
        "organisation": application.organisation,
        "category": application.category,
        "country": application.country,
        "objectives": application.objectives,
        "status": application.status,
        "wants_membership": application.wants_membership,
        "partner_id": application.partner_id,
    }


@app.command("list")
def list_(
    status: ApplicationStatus = typer.Option(None, "--status", help="Only this status."),
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """List applications, oldest first."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> list[dict[str, Any]]:
        return [as_row(a) for a in await membership.list_applications(uow, status)]

    rows = run_as(None, work)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(f"#{row['id']}  {row['status']:<9} {row['category']:<12} {row['organisation']}")
    if not rows:
        typer.echo("no application")


@app.command()
def add(
    organisation: str = typer.Option(..., "--organisation", help="The organisation's name."),
    category: str = typer.Option(..., "--category", help="state, research, ngo, company..."),
    country: str = typer.Option(None, "--country", help="Two-letter country code."),
    objectives: str = typer.Option("", "--objectives", help="Objective codes, e.g. 'A3 D2'."),
    motivation: str = typer.Option("", "--motivation", help="Why it wants to join."),
    contact_role: str = typer.Option(None, "--contact-role", help="The contact's role."),
) -> None:
    """File an application (the Secretariat is told); print its number."""
    form = membership.ApplicationForm(
        organisation=organisation,
        category=category,
        country=country,
        contact_role=contact_role,
        objectives=tuple(objectives.replace(",", " ").split()),
        motivation=motivation,
    )

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> int:
        return (await membership.submit_application(form, uow)).id

    typer.echo(f"application {run_as(None, work)} filed")


@app.command("open")
def open_(application_id: int = typer.Argument(..., metavar="ID"), by: str = BY) -> None:
    """The file is complete: put it to the Bureau's vote (Bureau members are told)."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> None:
        await membership.open_vote(actor, application_id, uow)

    run_as(by, work)
    typer.echo(f"application {application_id} is open for the Bureau's vote")


@app.command()
def confirm(application_id: int = typer.Argument(..., metavar="ID"), by: str = BY) -> None:
    """Record the Consortium's confirmation of an approved application."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> None:
        await membership.confirm(actor, application_id, uow)

    run_as(by, work)
    typer.echo(f"application {application_id} confirmed")


@import_app.command("applications")
def import_applications(path: Path = typer.Argument(..., metavar="FILE")) -> None:
    """File membership applications from a CSV/JSON file (organisation, category, country,
    contact_role, objectives, motivation, wants_membership); any bad row rejects the file."""
    run_import(path, "applications", application_import.import_applications)
