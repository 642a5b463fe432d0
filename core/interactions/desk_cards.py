"""Cards for the shared desks: field reports for the moderators, applications for the Bureau.

A card is a Reply shown in a team channel (in the hub's default language) with the buttons of
the core's moderation and vote features, so that every press goes through the core's role
checks. Cards are posted through the outbox by a scheduler job (one per report submission and
per application step, keyed for idempotency) and redrawn from the database after each press.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.config import load_settings
from core.domain.kinds import ApplicationStatus, PartnerCategory, Vote
from core.domain.people import Channel
from core.domain.report_files import MAX_BRIDGED
from core.domain.reports import ReportStatus, ReportType
from core.i18n import Translator
from core.interactions.labels import label
from core.interactions.model import (
    Button,
    ChannelFile,
    Reply,
    bold,
    italic,
    link,
    reply_to_data,
)
from core.interactions.reports_view import describe, region_name, status_label
from core.persistence.models import (
    BureauVote,
    DeskCardRef,
    FieldReport,
    MembershipApplication,
    OutboxMessage,
)
from core.persistence.models import Person as PersonRow
from core.persistence.uow import UnitOfWork
from core.services import desk_refs, moderation, reports
from core.services.duplicates import duplicate_hints
from core.services.membership import get_application
from core.services.outbox import Outgoing, enqueue_many
from core.services.report_views import report_view

BATCH = 100
OPEN = (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED)


def map_url(latitude: float, longitude: float) -> str:
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
        f"#map=12/{latitude:.5f}/{longitude:.5f}"
    )


async def report_card(t: Translator, uow: UnitOfWork, report_id: int, now: datetime) -> Reply:
    """A report as the moderation channel sees it: content, hints, who decided what, buttons."""
    item = await reports.get_report(report_id, uow)
    holder = moderation.claim_holder(item, now)
    claimed_by, minutes = None, 0
    if holder is not None and item.claim_expires_at is not None:
        person = await uow.session.get(PersonRow, holder)
        claimed_by = (person.display_name or person.name) if person else "?"
        minutes = max(1, int((item.claim_expires_at - now).total_seconds() // 60))
    hints = (await duplicate_hints([item], uow)).get(item.id, [])
    card = describe(
        t,
        report_view(item),
        region=await region_name(t, item.region_code, uow),
        author=await reports.author_name(item, uow),
        full=False,
        hints=hints,
        claimed_by=claimed_by,
        claim_minutes=minutes,
    )
    if item.latitude is not None and item.longitude is not None:
        card.add(link(t("Open the map"), map_url(item.latitude, item.longitude)))
    for attachment in item.attachments:
        if attachment.size is not None and attachment.size > MAX_BRIDGED:
            card.add(
                italic(
                    t(
                        "{name} is too large to be copied here ({size} MB; at most {limit} MB): "
                        "read it with /review {id} on {channel}.",
                        name=attachment.filename or attachment.kind,
                        size=round(attachment.size / 2**20, 1),
                        limit=MAX_BRIDGED // 2**20,
                        id=item.id,
                        channel=attachment.channel.capitalize(),
                    )
                )
            )
    status = ReportStatus(item.status)
    if status is not ReportStatus.SUBMITTED:
        card.add(bold(await decision_line(t, uow, item)))
    if status is ReportStatus.SUBMITTED:
        row = [Button(t("Claim"), f"rmod:claim:{item.id}")]
        row.append(Button(t("Approve"), f"rmod:ok:{item.id}"))
        if item.type == ReportType.NEWS:
            row.append(Button(t("Approve as a success story"), f"rmod:ok:{item.id}:story"))
        row += [
            Button(t("Reject"), f"rmod:no:{item.id}"),
            Button(t("Request changes"), f"rmod:chg:{item.id}"),
        ]
        card.button_row(*row)
    elif status is ReportStatus.CHANGES_REQUESTED:
        card.button_row(Button(t("Reject"), f"rmod:no:{item.id}"))
    return card


async def decision_line(t: Translator, uow: UnitOfWork, item: FieldReport) -> str:
    """ "Approved by Claire, 3 March 10:12: reason" from the report's trail."""
    entries = [e for e in await reports.trail(item.id, uow) if e.to_status == item.status]
    last = entries[-1] if entries else None
    line = t(
        "{status} by {name}, {when}.",
        status=status_label(t, item.status).capitalize(),
        name=last.actor_name if last else "?",
        when=t.when(last.at) if last else "?",
    )
    return line + (f" {last.reason}" if last and last.reason else "")


async def tally(uow: UnitOfWork, application_id: int) -> dict[str, int]:
    votes = (
        await uow.session.scalars(
            select(BureauVote.vote).where(BureauVote.application_id == application_id)
        )
    ).all()
    return {vote.value: sum(1 for v in votes if v == vote) for vote in Vote}


async def application_card(t: Translator, uow: UnitOfWork, application_id: int) -> Reply:
    """An application as the Bureau sees it: the file, the tally and the vote buttons."""
    app = await get_application(application_id, uow)
    await uow.session.refresh(app)
    category = label(t, PartnerCategory(app.category))
    heading = f"#{app.id} {app.organisation}"
    card = Reply().add(bold(t("Membership application")), " ", bold(heading))
    card.add(f"{category}" + (f" · {app.country}" if app.country else ""))
    if app.contact_role:
        card.add(t("Contact: {role}", role=app.contact_role))
    if app.objectives:
        card.add(t("Objectives: {codes}", codes=", ".join(app.objectives)))
    if app.motivation:
        card.add(italic(app.motivation[:1500]))
    card.add(t("Status: {status}", status=label(t, ApplicationStatus(app.status))))
    counts = await tally(uow, app.id)
    if app.status != ApplicationStatus.SUBMITTED:
        card.add(
            bold(
                t(
                    "Votes: {yes} yes, {no} no, {abstain} abstentions.",
                    yes=counts["yes"],
                    no=counts["no"],
                    abstain=counts["abstain"],
                )
            )
        )
    if app.status == ApplicationStatus.VOTING:
        card.button_row(
            *(Button(label(t, v).capitalize(), f"appvote:{app.id}:{v.value}") for v in Vote)
        )
    elif app.status == ApplicationStatus.SUBMITTED:
        card.button_row(Button(t("Open the Bureau's vote"), f"appopen:{app.id}"))
    return card


def report_card_key(item: FieldReport) -> str:
    """One card per submission: a resubmitted report gets a new card."""
    return f"desk:report:{item.id}:{int(item.submitted_at.timestamp())}"


def application_card_key(application_id: int, status: str) -> str:
    return f"desk:application:{application_id}:{status}"


async def _new_keys(uow: UnitOfWork, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    seen = await uow.session.scalars(
        select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(keys))
    )
    return set(keys) - set(seen.all())


async def enqueue_desk_cards(
    now: datetime,
    uow: UnitOfWork,
    *,
    moderation_channel: str | None,
    bureau_channel: str | None,
    t: Translator,
) -> int:
    """Queue a card for each report submission and application step not yet on its desk."""
    messages: list[Outgoing] = []

    async def add(key: str, channel: str, card: Reply, subject: str, subject_id: int) -> None:
        card.card = desk_refs.card_ref(subject, subject_id)
        await desk_refs.remember_queued(uow, subject, subject_id, channel)
        messages.append(
            Outgoing(key, "desk-card", Channel.SLACK, channel, None, "reply", reply_to_data(card))
        )

    if moderation_channel:
        waiting = (
            await uow.session.scalars(
                select(FieldReport)
                .where(FieldReport.status == ReportStatus.SUBMITTED)
                .order_by(FieldReport.submitted_at, FieldReport.id)
                .limit(BATCH)
            )
        ).all()
        new = await _new_keys(uow, [report_card_key(r) for r in waiting])
        for item in waiting:
            if report_card_key(item) in new:
                await add(
                    report_card_key(item),
                    moderation_channel,
                    await report_card(t, uow, item.id, now),
                    desk_refs.REPORT,
                    item.id,
                )
            # Files of a card (and files added since, with an album): each queued once.
            messages.extend(_bridged_files(item, moderation_channel))
    async for application_id, status, channel in _applications(
        uow, moderation_channel, bureau_channel
    ):
        key = application_card_key(application_id, status)
        if await _new_keys(uow, [key]):
            card = await application_card(t, uow, application_id)
            await add(key, channel, card, desk_refs.APPLICATION, application_id)
    return await enqueue_many(uow, messages) if messages else 0


def _bridged_files(item: FieldReport, channel: str) -> list[Outgoing]:
    """One message per file sent on another channel, uploaded into the card's thread."""
    found = []
    for attachment in item.attachments:
        if attachment.channel == Channel.SLACK or (attachment.size or 0) > MAX_BRIDGED:
            continue
        name = attachment.filename
        file = ChannelFile(attachment.channel, attachment.kind, attachment.file_ref, name)
        data = reply_to_data(
            Reply(channel_files=[file], card=desk_refs.card_ref(desk_refs.REPORT, item.id))
        )
        key = f"{report_card_key(item)}:file:{attachment.id}"
        found.append(Outgoing(key, "desk-file", Channel.SLACK, channel, None, "reply", data))
    return found


async def _applications(
    uow: UnitOfWork, moderation_channel: str | None, bureau_channel: str | None
) -> AsyncIterator[tuple[int, str, str]]:
    """Applications to check go to the Secretariat's desk, votes to the Bureau's."""
    desks = {
        ApplicationStatus.SUBMITTED: moderation_channel,
        ApplicationStatus.VOTING: bureau_channel,
    }
    for status, channel in desks.items():
        if not channel:
            continue
        rows = await uow.session.scalars(
            select(MembershipApplication.id)
            .where(MembershipApplication.status == status)
            .order_by(MembershipApplication.id)
            .limit(BATCH)
        )
        for application_id in rows.all():
            yield application_id, status.value, channel


@desk_refs.on_new
async def slack_desk_cards(now: datetime, uow: UnitOfWork) -> int:
    """Post new reports and applications to the Slack desks (scheduler job)."""
    settings = load_settings()
    if not settings.slack_enabled:
        return 0
    return await enqueue_desk_cards(
        now,
        uow,
        moderation_channel=settings.slack_moderation_channel,
        bureau_channel=settings.slack_bureau_channel,
        t=Translator(settings.default_language, settings.default_timezone),
    )


def card_params(card: Reply) -> dict[str, Any]:
    return reply_to_data(card)


@desk_refs.on_change
async def redraw_card(uow: UnitOfWork, ref: DeskCardRef, now: datetime) -> None:
    """Queue the redraw (chat.update) of one posted card, in the desk's language."""
    settings = load_settings()
    t = Translator(settings.default_language, settings.default_timezone)
    if ref.subject == desk_refs.REPORT:
        card = await report_card(t, uow, ref.subject_id, now)
    elif ref.subject == desk_refs.APPLICATION:
        card = await application_card(t, uow, ref.subject_id)
    else:
        return
    card.card, card.card_update = desk_refs.card_ref(ref.subject, ref.subject_id), True
    key = f"desk:update:{ref.subject}:{ref.subject_id}:{uuid.uuid4().hex}"
    data = reply_to_data(card)
    await enqueue_many(
        uow, [Outgoing(key, "desk-card", Channel.SLACK, ref.desk, None, "reply", data)]
    )
