"""Field reports from correspondents: /report (guided or in one step), receipts, /myreports."""

from __future__ import annotations

from typing import Any

from core.domain.errors import N_, Conflict, NotAllowed
from core.domain.people import CAN_FILE_REPORTS
from core.domain.report_files import refusal
from core.domain.report_steps import ReportStep, step_of
from core.domain.reports import ReportStatus, ReportType
from core.interactions.context import Context
from core.interactions.dispatch import input_handler
from core.interactions.model import (
    Button,
    Input,
    Reply,
    SharedFile,
    SharedLocation,
    Span,
    Text,
    bold,
    say,
)
from core.interactions.paging import pack
from core.interactions.registry import button, command
from core.interactions.report_dialog import VERB, advance, press, prompt, summary, take_text
from core.interactions.report_draft_edits import (
    add_file,
    off_earth,
    one_step_title,
    refusal_text,
    set_location,
)
from core.interactions.reports_view import status_label, type_label
from core.interactions.zone_offer import set_zone_if_unset
from core.services import report_drafts, reports
from core.services.report_drafts import DraftView
from core.services.report_views import ReportView
from core.services.reports import Attachment, ReportContent, on_earth

MY_PAGE = 10
ALBUM = "report-album"  # the album whose first file was filed as a report


@command(
    "report",
    N_("Send a field report to the Secretariat"),
    usage="[…]",
    roles=CAN_FILE_REPORTS,
    order=20,
)
async def report(ctx: Context, args: str) -> Reply:
    """Start (or resume) a guided report; with text, file it as news at once."""
    if args:
        content = ReportContent(type=ReportType.NEWS, title=one_step_title(args), text=args)
        filed = await reports.submit_report(ctx.actor, content, ctx.uow, now=ctx.hub.now())
        return await _receipt(ctx, filed)
    draft = await report_drafts.find_draft(ctx.actor.person_id, ctx.uow)
    if draft is not None:
        reply = say(
            ctx.t("You have a report in progress:"), " ", bold(_draft_name(ctx, draft.data))
        )
        return reply.button_row(
            Button(ctx.t("Continue it"), f"{VERB}:resume"),
            Button(ctx.t("Start a new one"), f"{VERB}:restart"),
            Button(ctx.t("Delete it"), f"{VERB}:cancel"),
        )
    draft = await _start(ctx)
    return prompt(ctx.t, step_of(draft.step), draft.data)


@command("myreports", N_("Your field reports and their status"), roles=CAN_FILE_REPORTS, order=21)
async def my_reports(ctx: Context, args: str) -> Reply:
    """List the person's latest reports, newest first, with the Secretariat's last word."""
    return await _my_reports_page(ctx, 0)


@button("rmy")
async def more_reports(ctx: Context, args: list[str]) -> Reply:
    """Show the next page of the person's reports."""
    ctx.actor.require(CAN_FILE_REPORTS)
    return await _my_reports_page(ctx, int(args[0]) if args and args[0].isdigit() else 0)


async def _my_reports_page(ctx: Context, offset: int) -> Reply:
    t = ctx.t
    mine, total = await reports.list_reports(
        ctx.uow,
        statuses=tuple(ReportStatus),
        author_id=ctx.actor.person_id,
        limit=MY_PAGE,
        offset=offset,
        newest_first=True,
    )
    if not mine:
        return say(t("You have not sent any report yet. Type /report to send one."))
    head = say(bold(t.plural("Your report", "Your {count} reports", total)))
    items = []
    for item in mine:
        entry = say(
            f"#{item.id} · {type_label(t, item.type)} · ",
            bold(status_label(t, item.status)),
            f" — {item.title}",
        )
        if item.status in (ReportStatus.CHANGES_REQUESTED, ReportStatus.REJECTED):
            last = await reports.last_reason(item.id, item.status, ctx.uow)
            if last:
                entry.add(t("The Secretariat: {reason}", reason=last))
        if item.status == ReportStatus.CHANGES_REQUESTED:
            entry.button_row(
                Button(t("Edit #{id} and send it again", id=item.id), f"{VERB}:edit:{item.id}")
            )
        items.append(entry)

    def more(start: int) -> Button:
        return Button(t("More"), f"rmy:{start}")

    return pack(head, items, offset=offset, total=total, more=more).reply


@button(VERB)
async def draft_button(ctx: Context, args: list[str]) -> Reply:
    """Act on the report draft: choose a type, go on, change, hide, send or cancel."""
    ctx.actor.require(CAN_FILE_REPORTS)
    t, person, now = ctx.t, ctx.actor.person_id, ctx.hub.now()
    action, arg = [*args, "", ""][:2]
    if action == "restart":
        started = await _start(ctx)
        return prompt(t, step_of(started.step), started.data)
    if action == "edit":
        return await _edit(ctx, arg)
    if action == "cancel":
        deleted = await report_drafts.discard_draft(person, ctx.uow)
        return say(
            t("Your draft report is deleted.") if deleted else t("There is no report in progress.")
        )
    draft = await report_drafts.lock_draft(person, ctx.uow, now=now)
    if draft is None:
        return say(t("There is no report in progress. Type /report to start one."))
    data = dict(draft.data)
    if action == "send":
        return await _send(ctx, data)
    step = press(step_of(draft.step), data, action, arg)
    await report_drafts.save_draft(person, step, data, ctx.uow, now=now)
    return prompt(t, step, data)


@input_handler(20)
async def draft_input(ctx: Context, message: Input) -> Reply | list[Reply] | None:
    """Feed text, files and places to the person's report draft (a file or place starts one)."""
    if not isinstance(message, (Text, SharedFile, SharedLocation)) or not ctx.actor.can(
        CAN_FILE_REPORTS
    ):
        return None
    t, person, now = ctx.t, ctx.actor.person_id, ctx.hub.now()
    notes: list[str] = []
    if isinstance(message, SharedFile) and message.group:
        album = await report_drafts.find_draft(person, ctx.uow, flow=ALBUM)
        if album is not None and album.data.get("group") == message.group:
            return await _add_to_album(ctx, album.data, message)
    if await report_drafts.find_draft(person, ctx.uow) is None:
        if isinstance(message, Text):
            return None
        if isinstance(message, SharedFile) and message.caption.strip():
            return await _file_with_caption(ctx, message)
        if isinstance(message, SharedLocation) and not on_earth(
            message.latitude, message.longitude
        ):
            return say(off_earth(t, message, draft=False))
        # A photo or a place sent out of the blue is the start of a report: keep it.
        await _start(ctx)
        notes.append(t("I keep this for a new field report."))
    draft = await report_drafts.lock_draft(person, ctx.uow, now=now)
    if draft is None:
        return None
    data, step = dict(draft.data), step_of(draft.step)
    if isinstance(message, SharedFile):
        notes += add_file(t, data, message, ctx.actor.channel)
    elif isinstance(message, SharedLocation):
        kept = set_location(t, data, message)
        notes.append(kept or off_earth(t, message))
        if kept and (told := await set_zone_if_unset(ctx, message.latitude, message.longitude)):
            notes.append(told)  # a correspondent's first place also gives their time zone
        step = advance(step, data) if step is ReportStep.LOCATION and kept else step
    elif message.text:
        step, said = take_text(t, step, data, message.text)
        notes += said
    await report_drafts.save_draft(person, step, data, ctx.uow, now=now)
    reply = prompt(t, step, data)
    if notes:
        reply.paragraphs[:0] = [(Span(note),) for note in notes]
    return reply


async def _file_with_caption(ctx: Context, file: SharedFile) -> Reply:
    """A file sent with a caption out of the blue: a one-step news report, filed at once."""
    t = ctx.t
    caption = file.caption.strip()
    why = refusal(file.kind, file.filename, file.mime_type, file.size, 0)
    attachment = Attachment(
        file.kind, ctx.actor.channel, file.file_ref, file.filename, file.mime_type, file.size
    )
    content = ReportContent(
        type=ReportType.NEWS,
        title=one_step_title(caption),
        text=caption,
        attachments=() if why else (attachment,),
    )
    filed = await reports.submit_report(ctx.actor, content, ctx.uow, now=ctx.hub.now())
    if file.group:  # the other files of the album join this report
        await report_drafts.start_draft(
            ctx.actor.person_id,
            ctx.uow,
            now=ctx.hub.now(),
            step="album",
            data={"group": file.group, "report_id": filed.id},
            flow=ALBUM,
        )
    reply = await _receipt(ctx, filed)
    if why is not None:  # the file cannot be kept: the caption is filed anyway, and why
        reply.paragraphs.insert(1, (Span(refusal_text(t, why, file)),))
    reply.add(t("To send a longer report with a title and several files, type /report."))
    return reply


async def _add_to_album(ctx: Context, album: dict[str, Any], file: SharedFile) -> Reply:
    """A file of the album whose first file was filed as a report: add it to that report."""
    t, number = ctx.t, int(album["report_id"])
    filed = await reports.read_report(number, ctx.uow)
    why = refusal(file.kind, file.filename, file.mime_type, file.size, len(filed.attachments))
    if why is not None:
        return say(refusal_text(t, why, file))
    attachment = Attachment(
        file.kind, ctx.actor.channel, file.file_ref, file.filename, file.mime_type, file.size
    )
    caption = file.caption.strip()
    filed = await reports.add_attachments(
        number, ctx.actor, (attachment,), ctx.uow, now=ctx.hub.now(), text=caption
    )
    reply = say(
        t.plural(
            "Added to your report #{id} ({count} file in all).",
            "Added to your report #{id} ({count} files in all).",
            len(filed.attachments),
            id=number,
        )
    )
    if caption:  # a second caption in one album: added to the text, never dropped
        reply.add(t("Added to your text."))
    return reply


async def _send(ctx: Context, data: dict[str, Any]) -> Reply:
    content = report_drafts.content_of(data)
    now = ctx.hub.now()
    if data.get("report_id"):
        filed = await reports.resubmit_report(
            int(data["report_id"]), ctx.actor, content, ctx.uow, now=now
        )
    else:
        filed = await reports.submit_report(ctx.actor, content, ctx.uow, now=now)
    if not await report_drafts.discard_draft(ctx.actor.person_id, ctx.uow):
        raise Conflict(N_("This report was already sent."))
    return await _receipt(ctx, filed)


async def _receipt(ctx: Context, filed: ReportView) -> Reply:
    # Stored first, acknowledged after: the receipt exists only once the commit succeeded.
    await ctx.uow.commit()
    t = ctx.t
    reply = say(bold(t("Thank you! Your report is stored as #{id}.", id=filed.id)))
    reply.add(t("The Secretariat will review it and I will tell you the decision here."))
    return reply.add(t("Type /myreports to follow your reports."))


async def _edit(ctx: Context, arg: str) -> Reply:
    if not arg.isdigit():
        return say(ctx.t("This button is no longer valid."))
    filed = await reports.read_report(int(arg), ctx.uow)
    if filed.author_id != ctx.actor.person_id:
        raise NotAllowed(N_("Only the author of report #{id} can edit it."), id=filed.id)
    if filed.status != ReportStatus.CHANGES_REQUESTED:
        raise Conflict(
            N_("Report #{id} is {status}: it cannot be edited now."),
            id=filed.id,
            status=ReportStatus(filed.status),
        )
    data = report_drafts.empty_data() | {
        "type": filed.type,
        "title": filed.title,
        "text": filed.text,
        "report_id": filed.id,
        "latitude": filed.latitude,
        "longitude": filed.longitude,
        "hide_author": filed.hide_author,
        "hide_location": filed.hide_location,
        "attachments": [
            {
                "kind": a.kind,
                "channel": a.channel,
                "file_ref": a.file_ref,
                "filename": a.filename,
                "mime_type": a.mime_type,
                "size": a.size,
            }
            for a in filed.attachments
        ],
    }
    draft = await report_drafts.start_draft(
        ctx.actor.person_id, ctx.uow, now=ctx.hub.now(), step=ReportStep.CONFIRM, data=data
    )
    reply = summary(ctx.t, draft.data)
    reply.paragraphs.insert(
        0, (Span(ctx.t("Change what the Secretariat asked, then send it again.")),)
    )
    return reply


async def _start(ctx: Context) -> DraftView:
    return await report_drafts.start_draft(
        ctx.actor.person_id,
        ctx.uow,
        now=ctx.hub.now(),
        step=ReportStep.TYPE,
        data=report_drafts.empty_data(),
    )


def _draft_name(ctx: Context, data: dict[str, Any]) -> str:
    kind = type_label(ctx.t, data["type"]) if data.get("type") else ctx.t("no type yet")
    title = data.get("title") or ctx.t("no title yet")
    return f"{kind} — {title}"
