"""The Secretariat's queue: /queue, /review, /claim, /release, /approve, /reject, /changes."""

from __future__ import annotations

from core.domain.errors import N_, DomainError, InvalidInput
from core.domain.kinds import Rubric
from core.domain.people import CAN_MODERATE
from core.domain.reports import ReportAction
from core.interactions.context import Context
from core.interactions.dispatch import error_reply, input_handler
from core.interactions.model import Button, Input, Reply, Text, bold, say
from core.interactions.moderation_args import ids_and_rest, one_id, queue_filters
from core.interactions.moderation_view import VERB, decided, open_report, report_view
from core.interactions.paging import clipped, pack
from core.interactions.registry import button, command
from core.services import moderation, people, report_drafts, reports
from core.services.duplicates import duplicate_hints
from core.services.moderation import Decision

REASON_FLOW = "moderation"
QUEUE_PAGE = 10


@command(
    "queue",
    N_("Field reports waiting for review"),
    usage=N_("[news|lead|event|practice|request] [status] [region]"),
    roles=CAN_MODERATE,
    order=30,
)
async def queue(ctx: Context, args: str) -> Reply:
    """Show the reports waiting for review, oldest first, with claims and duplicate hints."""
    return await _queue_page(ctx, args, 0)


@button("rq")
async def more_queue(ctx: Context, args: list[str]) -> Reply:
    """Show the next page of the queue, with the same filters."""
    ctx.actor.require(CAN_MODERATE)
    offset, filters = [*args, "", ""][:2]
    return await _queue_page(ctx, filters, int(offset) if offset.isdigit() else 0)


async def _queue_page(ctx: Context, args: str, offset: int) -> Reply:
    t = ctx.t
    kind, statuses, region = await queue_filters(ctx, args)
    found, total = await reports.list_reports(
        ctx.uow, statuses=statuses, type=kind, region=region, limit=QUEUE_PAGE, offset=offset
    )
    if not found:
        return say(t("Nothing here: no report matches."))
    head = say(
        bold(t.plural("{count} report, oldest first:", "{count} reports, oldest first:", total))
    )
    hints = await duplicate_hints(found, ctx.uow)
    authors = await people.person_names((i.author_id for i in found if i.author_id), ctx.uow)
    items = []
    for item in found:
        author = authors.get(item.author_id or 0, "?")
        view = await report_view(ctx, item, full=False, hints=hints.get(item.id, []), author=author)
        items.append(
            Reply(view.paragraphs).button_row(
                Button(t("Open #{id}", id=item.id), f"{VERB}:open:{item.id}")
            )
        )

    def more(start: int) -> Button:
        return Button(t("More"), clipped(f"rq:{start}:", args))

    return pack(head, items, offset=offset, total=total, more=more).reply


@command("review", N_("Read one field report in full"), usage="N", roles=CAN_MODERATE, order=31)
async def review(ctx: Context, args: str) -> Reply:
    """Show one report in full, its history, and the decision buttons."""
    return await open_report(ctx, one_id(args))


@command(
    "claim",
    N_("Take a report, so others see you are on it"),
    usage="N",
    roles=CAN_MODERATE,
    order=32,
)
async def claim(ctx: Context, args: str) -> Reply:
    """Claim a report for a while."""
    return await _claim(ctx, one_id(args))


async def _claim(ctx: Context, report_id: int) -> Reply:
    await moderation.claim_report(report_id, ctx.actor, ctx.uow, now=ctx.hub.now())
    minutes = int(moderation.CLAIM_FOR.total_seconds() // 60)
    return say(
        ctx.t(
            "Report #{id} is yours for {minutes} minutes; the others see that you are on it.",
            id=report_id,
            minutes=minutes,
        )
    )


@command("release", N_("Give a report back to the queue"), usage="N", roles=CAN_MODERATE, order=33)
async def release(ctx: Context, args: str) -> Reply:
    """Release a claimed report."""
    return await _release(ctx, one_id(args))


async def _release(ctx: Context, report_id: int) -> Reply:
    await moderation.release_report(report_id, ctx.actor, ctx.uow, now=ctx.hub.now())
    return say(ctx.t("Report #{id} is back in the queue.", id=report_id))


@command(
    "approve",
    N_("Approve reports (several numbers for many)"),
    usage=N_("N [N…] [note]"),
    roles=CAN_MODERATE,
    order=34,
)
async def approve(ctx: Context, args: str) -> Reply:
    """Approve one or more reports; the rest of the line is a note (or a request's answer)."""
    return await _decide(ctx, args, ReportAction.APPROVED)


@command(
    "reject",
    N_("Reject reports, with the reason"),
    usage=N_("N [N…] reason"),
    roles=CAN_MODERATE,
    order=35,
)
async def reject(ctx: Context, args: str) -> Reply:
    """Reject one or more reports with a reason the authors will read."""
    return await _decide(ctx, args, ReportAction.REJECTED)


@command(
    "changes",
    N_("Ask the author for changes, with a comment"),
    usage=N_("N [N…] comment"),
    roles=CAN_MODERATE,
    order=36,
)
async def changes(ctx: Context, args: str) -> Reply:
    """Send reports back to their authors with what to change."""
    return await _decide(ctx, args, ReportAction.CHANGES_REQUESTED)


@button(VERB)
async def moderation_button(ctx: Context, args: list[str]) -> Reply:
    """Open, claim, release or decide from a button; reject/changes first ask for the reason."""
    ctx.actor.require(CAN_MODERATE)
    action, arg, extra = [*args, "", "", ""][:3]
    now = ctx.hub.now()
    if action == "cancel":
        await report_drafts.discard_draft(ctx.actor.person_id, ctx.uow, flow=REASON_FLOW)
        return say(ctx.t("Cancelled; nothing was decided."))
    if not arg.isdigit():
        return say(ctx.t("This button is no longer valid."))
    report_id = int(arg)
    if action == "open":
        return await open_report(ctx, report_id)
    if action == "claim":
        return await _claim(ctx, report_id)
    if action == "release":
        return await _release(ctx, report_id)
    if action == "ok":
        rubric = Rubric.SUCCESS_STORY if extra == "story" else None
        decision = await moderation.decide_report(
            report_id, ReportAction.APPROVED, ctx.actor, ctx.uow, now=now, rubric=rubric
        )
        return decided(ctx, decision)
    if action in ("no", "chg"):
        await reports.read_report(report_id, ctx.uow)
        decision_action = (
            ReportAction.REJECTED if action == "no" else ReportAction.CHANGES_REQUESTED
        )
        await report_drafts.start_draft(
            ctx.actor.person_id,
            ctx.uow,
            now=now,
            step="reason",
            flow=REASON_FLOW,
            data={"report_id": report_id, "action": decision_action.value},
        )
        ask = (
            ctx.t(
                "Why do you reject report #{id}? Type the reason: its author will read it.",
                id=report_id,
            )
            if action == "no"
            else ctx.t(
                "What should be changed in report #{id}? Type your comment for its author.",
                id=report_id,
            )
        )
        return say(ask).button_row(Button(ctx.t("Cancel"), f"{VERB}:cancel"))
    return say(ctx.t("This button is no longer valid."))


@input_handler(10)
async def reason_input(ctx: Context, message: Input) -> Reply | None:
    """Take the next text of a moderator who pressed Reject or Ask for changes as the reason."""
    if not isinstance(message, Text) or not message.text or not ctx.actor.can(CAN_MODERATE):
        return None
    person, now = ctx.actor.person_id, ctx.hub.now()
    draft = await report_drafts.take_draft(person, ctx.uow, now=now, flow=REASON_FLOW)
    if draft is None:
        return None
    report_id, action = int(draft.data["report_id"]), ReportAction(draft.data["action"])
    try:
        decision = await moderation.decide_report(
            report_id, action, ctx.actor, ctx.uow, now=now, reason=message.text
        )
    except DomainError as error:
        # Whatever happened (someone decided first), this reason is no longer awaited.
        await ctx.uow.rollback()
        await report_drafts.discard_draft(person, ctx.uow, flow=REASON_FLOW)
        return error_reply(ctx.t, error)
    await report_drafts.discard_draft(person, ctx.uow, flow=REASON_FLOW)
    return decided(ctx, decision)


async def _decide(ctx: Context, args: str, action: ReportAction) -> Reply:
    ids, reason = ids_and_rest(args)
    if not ids:
        raise InvalidInput(N_("Give the number of the report, for example /approve 12."))
    now = ctx.hub.now()
    if len(ids) == 1:
        decision = await moderation.decide_report(
            ids[0], action, ctx.actor, ctx.uow, now=now, reason=reason
        )
        return decided(ctx, decision)
    results = await moderation.decide_reports(
        ids, action, ctx.actor, ctx.hub.uow, now=now, reason=reason
    )
    reply = Reply()
    for result in results:
        if isinstance(result, Decision):
            reply.paragraphs.extend(decided(ctx, result).paragraphs)
        else:
            reply.paragraphs.extend(error_reply(ctx.t, result).paragraphs)
    return reply
