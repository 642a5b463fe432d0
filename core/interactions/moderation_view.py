"""How a moderator sees one report: in full with its history and buttons, and decisions."""

from __future__ import annotations

from collections.abc import Sequence

from core.domain.claims import claim_holder
from core.domain.errors import N_
from core.domain.reports import ReportAction, ReportStatus, ReportType
from core.domain.similarity import Resemblance
from core.interactions.context import Context
from core.interactions.model import Button, ChannelFile, Reply, bold, say
from core.interactions.reports_view import describe, region_name
from core.services import people, reports
from core.services.duplicates import duplicate_hints
from core.services.moderation import Decision
from core.services.report_views import ReportView

VERB = "rmod"


def decided(ctx: Context, decision: Decision) -> Reply:
    t, number = ctx.t, decision.report_id
    if decision.status is ReportStatus.APPROVED:
        outcome = {
            "newsletter_item": t("It is now draft newsletter item #{n}.", n=decision.outcome_id),
            "practice": t("It is now draft practice #{n}.", n=decision.outcome_id),
            "event": t(
                "It is now draft event #{n}; set its date before publishing it.",
                n=decision.outcome_id,
            ),
            "partner_lead": t("It is kept as a partner lead for the Secretariat."),
        }.get(decision.outcome_kind or "", "")
        return say(
            t("Report #{id} approved; its author will be told.", id=number),
            *([" ", outcome] if outcome else []),
        )
    if decision.status is ReportStatus.REJECTED:
        return say(t("Report #{id} rejected; its author will be told why.", id=number))
    return say(t("Report #{id} sent back to its author for changes.", id=number))


async def open_report(ctx: Context, report_id: int) -> Reply:
    t, now = ctx.t, ctx.hub.now()
    item = await reports.read_report(report_id, ctx.uow)
    hints = (await duplicate_hints([item], ctx.uow)).get(item.id, [])
    reply = await report_view(ctx, item, full=True, hints=hints)
    # Photos and files come along on the channel they were sent from (by reference).
    reply.channel_files = [
        ChannelFile(a.channel, a.kind, a.file_ref) for a in item.attachments if a.channel
    ]
    entries = await reports.trail(item.id, ctx.uow)
    reply.add(bold(t("History")))
    for entry in entries:
        line = f"{t.when(entry.at)} — {entry.actor_name} — {action_label(ctx, entry.action)}"
        reply.add(line + (f": {entry.reason}" if entry.reason else ""))
    if item.status not in (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED):
        return reply
    holder = claim_holder(item, now)
    if holder == ctx.actor.person_id:
        reply.button_row(Button(t("Give it back"), f"{VERB}:release:{item.id}"))
    elif holder is None:
        reply.button_row(Button(t("Take it"), f"{VERB}:claim:{item.id}"))
    if item.status == ReportStatus.SUBMITTED:
        row = [Button(t("Approve"), f"{VERB}:ok:{item.id}")]
        if item.type == ReportType.NEWS:
            row.append(Button(t("Approve as a success story"), f"{VERB}:ok:{item.id}:story"))
        reply.button_row(*row)
        reply.button_row(
            Button(t("Ask for changes"), f"{VERB}:chg:{item.id}"),
            Button(t("Reject"), f"{VERB}:no:{item.id}"),
        )
    else:
        reply.button_row(Button(t("Reject"), f"{VERB}:no:{item.id}"))
    return reply


async def report_view(
    ctx: Context,
    item: ReportView,
    *,
    full: bool,
    hints: Sequence[Resemblance],
    author: str | None = None,
) -> Reply:
    """The report as moderators read it (`author`: its author's name, when already known)."""
    now = ctx.hub.now()
    holder = claim_holder(item, now)
    claimed_by, minutes = None, 0
    if holder is not None and item.claim_expires_at is not None:
        claimed_by = await people.person_name(holder, ctx.uow)
        minutes = max(1, int((item.claim_expires_at - now).total_seconds() // 60))
    return describe(
        ctx.t,
        item,
        region=await region_name(ctx.t, item.region_code, ctx.uow),
        author=author if author is not None else await reports.author_name(item, ctx.uow),
        full=full,
        hints=list(hints),
        claimed_by=claimed_by,
        claim_minutes=minutes,
    )


ACTION_LABELS = {
    ReportAction.SUBMITTED: N_("sent"),
    ReportAction.CLAIMED: N_("took it"),
    ReportAction.RELEASED: N_("gave it back"),
    ReportAction.APPROVED: N_("approved"),
    ReportAction.REJECTED: N_("rejected"),
    ReportAction.CHANGES_REQUESTED: N_("asked for changes"),
    ReportAction.RESUBMITTED: N_("sent it again"),
    ReportAction.PUBLISHED: N_("published"),
}


def action_label(ctx: Context, action: str) -> str:
    return ctx.t(ACTION_LABELS[ReportAction(action)]) if action in ACTION_LABELS else action
