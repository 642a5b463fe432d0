"""Cards for the shared desks: field reports for the moderators, applications for the Bureau.

A card is a Reply shown in a team channel (in the hub's default language) with the buttons of
the core's moderation and vote features, so that every press goes through the core's role
checks. Cards are posted through the outbox by a scheduler job (one per report submission and
per application step, keyed for idempotency) and redrawn from the database after each press.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from core.config import Settings
from core.domain.claims import claim_holder
from core.domain.kinds import ApplicationStatus, PartnerCategory, Vote
from core.domain.people import Channel
from core.domain.report_files import MAX_BRIDGED
from core.domain.reports import ReportStatus, ReportType
from core.i18n import Translator
from core.interactions.dispatch import button_data
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
from core.persistence.uow import UnitOfWork
from core.services import desk_queries, desk_refs, people, reports
from core.services.duplicates import duplicate_hints
from core.services.outbox import Outgoing, enqueue_many

BATCH = 100
OPEN = (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED)


@dataclass(frozen=True)
class Desks:
    """Where the Slack desks are and the language their cards are in (set by core.bootstrap)."""

    enabled: bool = False
    moderation_channel: str | None = None
    bureau_channel: str | None = None
    experts_channel: str | None = None
    language: str = "en"
    timezone: str = "UTC"

    def t(self) -> Translator:
        return Translator(self.language, self.timezone)


_desks = Desks()


def desks() -> Desks:
    """This process's desks."""
    return _desks


def configure(settings: Settings) -> None:
    """Use this process's settings for the desks (called once, by the composition root)."""
    global _desks
    _desks = Desks(
        enabled=settings.slack_enabled,
        moderation_channel=settings.slack_moderation_channel,
        bureau_channel=settings.slack_bureau_channel,
        experts_channel=settings.slack_experts_channel,
        language=settings.default_language,
        timezone=settings.default_timezone,
    )


def map_url(latitude: float, longitude: float) -> str:
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
        f"#map=12/{latitude:.5f}/{longitude:.5f}"
    )


async def report_card(t: Translator, uow: UnitOfWork, report_id: int, now: datetime) -> Reply:
    """A report as the moderation channel sees it: content, hints, who decided what, buttons."""
    item = await reports.read_report(report_id, uow)
    holder = claim_holder(item, now)
    claimed_by, minutes = None, 0
    if holder is not None and item.claim_expires_at is not None:
        claimed_by = await people.person_name(holder, uow)
        minutes = max(1, int((item.claim_expires_at - now).total_seconds() // 60))
    hints = (await duplicate_hints([item], uow)).get(item.id, [])
    card = describe(
        t,
        item,
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
                        "open report #{id} on {channel} to read it.",
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
        row = [Button(t("Claim"), button_data("rmod", "claim", item.id))]
        row.append(Button(t("Approve"), button_data("rmod", "ok", item.id)))
        if item.type == ReportType.NEWS:
            row.append(
                Button(t("Approve as a success story"), button_data("rmod", "ok", item.id, "story"))
            )
        row += [
            Button(t("Reject"), button_data("rmod", "no", item.id)),
            Button(t("Request changes"), button_data("rmod", "chg", item.id)),
        ]
        card.button_row(*row)
    elif status is ReportStatus.CHANGES_REQUESTED:
        card.button_row(Button(t("Reject"), button_data("rmod", "no", item.id)))
    return card


class Decided(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...


class Submitted(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def submitted_at(self) -> datetime: ...


async def decision_line(t: Translator, uow: UnitOfWork, item: Decided) -> str:
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


async def application_card(t: Translator, uow: UnitOfWork, application_id: int) -> Reply:
    """An application as the Bureau sees it: the file, the tally and the vote buttons."""
    app = await desk_queries.fresh_application(uow, application_id)
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
    counts = await desk_queries.vote_tally(uow, app.id)
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
            *(
                Button(label(t, v).capitalize(), button_data("appvote", app.id, v.value))
                for v in Vote
            )
        )
    elif app.status == ApplicationStatus.SUBMITTED:
        card.button_row(Button(t("Open the Bureau's vote"), button_data("appopen", app.id)))
    return card


def report_card_key(item: Submitted) -> str:
    """One card per submission: a resubmitted report gets a new card."""
    return f"desk:report:{item.id}:{int(item.submitted_at.timestamp())}"


def application_card_key(application_id: int, status: str) -> str:
    return f"desk:application:{application_id}:{status}"


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
        waiting = await desk_queries.waiting_reports(uow, BATCH)
        new = await desk_queries.unqueued(uow, [report_card_key(r) for r in waiting])
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
        if await desk_queries.unqueued(uow, [key]):
            card = await application_card(t, uow, application_id)
            await add(key, channel, card, desk_refs.APPLICATION, application_id)
    return await enqueue_many(uow, messages) if messages else 0


def _bridged_files(item: Any, channel: str) -> list[Outgoing]:
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
        for application_id in await desk_queries.application_ids(uow, status, BATCH):
            yield application_id, status.value, channel


@desk_refs.on_new
async def slack_desk_cards(now: datetime, uow: UnitOfWork) -> int:
    """Post new reports and applications to the Slack desks (scheduler job)."""
    desks = _desks
    if not desks.enabled:
        return 0
    return await enqueue_desk_cards(
        now,
        uow,
        moderation_channel=desks.moderation_channel,
        bureau_channel=desks.bureau_channel,
        t=desks.t(),
    )


def card_params(card: Reply) -> dict[str, Any]:
    return reply_to_data(card)


@desk_refs.on_change
async def redraw_card(uow: UnitOfWork, ref: desk_refs.CardRef, now: datetime) -> None:
    """Queue the redraw (chat.update) of one posted card, in the desk's language."""
    t = _desks.t()
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
