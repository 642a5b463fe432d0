"""`4p1000 reports`: the field-report queue and Secretariat decisions from the command line."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any

import typer

from bots.cli.common import fail, region_code, run_as, with_hub
from core.bootstrap import Hub, UnitOfWork
from core.domain.actor import Actor
from core.domain.kinds import Rubric
from core.domain.reports import ReportAction, ReportStatus, ReportType
from core.services import moderation, reports
from core.services.moderation import Decision
from core.services.report_views import ReportView

app = typer.Typer(help="Field reports: the moderation queue and decisions.", no_args_is_help=True)


class Verdict(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    CHANGES = "changes"


ACTIONS = {
    Verdict.APPROVE: ReportAction.APPROVED,
    Verdict.REJECT: ReportAction.REJECTED,
    Verdict.CHANGES: ReportAction.CHANGES_REQUESTED,
}
STATUS_HELP = "submitted (the queue), changes_requested, approved, rejected, open or all."


def _statuses(status: str) -> tuple[ReportStatus, ...]:
    if status == "all":
        return tuple(ReportStatus)
    if status == "open":
        return (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED)
    try:
        return (ReportStatus(status),)
    except ValueError:
        fail(f"unknown status {status!r}: use {STATUS_HELP}", 2)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def as_json(report: ReportView, author: str) -> dict[str, Any]:
    return {
        "id": report.id,
        "status": report.status,
        "type": report.type,
        "title": report.title,
        "text": report.text,
        "author": author,
        "region": report.region_code,
        "language": report.language,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "attachments": [
            {"kind": a.kind, "filename": a.filename, "mime_type": a.mime_type, "size": a.size}
            for a in report.attachments
        ],
        "submitted_at": report.submitted_at.isoformat(),
        "decided_at": _iso(report.decided_at),
        "claimed_by_id": report.claimed_by_id,
        "claim_expires_at": report.claim_expires_at.isoformat()
        if report.claim_expires_at
        else None,
        "hide_author": report.hide_author,
        "hide_location": report.hide_location,
        "outcome_kind": report.outcome_kind,
        "outcome_id": report.outcome_id,
    }


@app.command("list")
def list_(
    status: str = typer.Option("submitted", "--status", help=STATUS_HELP),
    type_: ReportType = typer.Option(None, "--type", help="Only this type of report."),
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Only this region (code or name)."
    ),
    json_: bool = typer.Option(False, "--json", help="A JSON list, for scripts."),
    limit: int = typer.Option(500, "--limit", min=1, help="At most this many reports."),
) -> None:
    """List field reports, oldest first (by default the ones waiting for review)."""
    statuses = _statuses(status)

    async def work(hub: Hub) -> list[dict[str, Any]]:
        async with hub.uow() as uow:
            found, _total = await reports.list_reports(
                uow, statuses=statuses, type=type_, region=region, limit=limit
            )
            return [as_json(r, await reports.author_name(r, uow)) for r in found]

    rows = with_hub(work)
    if json_:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no report matches")
    for row in rows:
        where = f" [{row['region']}]" if row["region"] else ""
        typer.echo(
            f"#{row['id']}  {row['status']:<17} {row['type']:<14} {row['submitted_at'][:16]}"
            f"  {row['author']}{where}: {row['title']}"
        )


@app.command()
def decide(
    report_id: int = typer.Argument(..., metavar="ID", help="The report number."),
    verdict: Verdict = typer.Argument(..., help="approve, reject or changes."),
    reason: str = typer.Option("", "--reason", help="Why (required for reject and changes)."),
    by: str = typer.Option(None, "--by", help="The Secretariat member deciding (a name)."),
    rubric: Rubric = typer.Option(None, "--rubric", help="For news: news or success_story."),
    hide_author: bool = typer.Option(None, "--hide-author/--show-author", help="Author shown?"),
    hide_location: bool = typer.Option(
        None, "--hide-location/--show-location", help="Location shown?"
    ),
) -> None:
    """Approve, reject or ask for changes to report ID; its author is told."""
    if verdict is not Verdict.APPROVE and not reason.strip():
        fail(f"{verdict.value} needs --reason TEXT: the author will read it", 2)

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> Decision:
        return await moderation.decide_report(
            report_id,
            ACTIONS[verdict],
            actor,
            uow,
            now=hub.now(),
            reason=reason,
            rubric=rubric,
            hide_author=hide_author,
            hide_location=hide_location,
        )

    decision = run_as(by, work)
    outcome = f" -> {decision.outcome_kind}" if decision.outcome_kind else ""
    outcome += f" {decision.outcome_id}" if decision.outcome_id else ""
    typer.echo(f"report {decision.report_id} {decision.status.value}{outcome}")
