"""A person's desk at a glance (Slack's App Home): their queue, upcoming meetings, figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.domain.kinds import ApplicationStatus
from core.domain.people import CAN_MODERATE, CAN_VOTE
from core.domain.reports import ReportAction
from core.i18n import Translator
from core.interactions.context import Context
from core.interactions.desk_cards import application_card
from core.interactions.event_cards import card
from core.interactions.features.figures import dashboard_reply, region_names
from core.interactions.model import Reply, bold, italic, say
from core.interactions.reports_view import headline, region_name
from core.services import events, reports
from core.services.event_notices import event_params
from core.services.figures import dashboard
from core.services.membership import list_applications

QUEUE_SIZE = 20
BALLOTS = 5
MEETINGS = 5


@dataclass
class QueueEntry:
    report_id: int
    headline: str
    title: str


@dataclass(frozen=True)
class Headings:
    """The Home tab's own words, in the reader's language."""

    queue: str
    nothing_to_review: str
    votes: str
    meetings: str
    bulk: tuple[tuple[ReportAction, str], ...]  # the queue's buttons: decision, label


def headings(t: Translator) -> Headings:
    return Headings(
        queue=t("Reports waiting for review"),
        nothing_to_review=t("Nothing to review."),
        votes=t("Bureau votes"),
        meetings=t("Upcoming meetings"),
        bulk=(
            (ReportAction.APPROVED, t("Approve the ticked reports")),
            (ReportAction.CHANGES_REQUESTED, t("Request changes")),
            (ReportAction.REJECTED, t("Reject the ticked reports")),
        ),
    )


@dataclass
class Home:
    intro: Reply
    headings: Headings
    can_moderate: bool = False
    queue: list[QueueEntry] = field(default_factory=list)
    queue_total: int = 0
    more: str = ""  # how many reports the queue does not show, when some
    votes: Reply | None = None
    ballots: list[Reply] = field(default_factory=list)  # applications to vote on, with buttons
    meetings: list[Reply] = field(default_factory=list)
    figures: Reply | None = None


async def home(ctx: Context) -> Home:
    """What the desk shows this person: only what their roles allow."""
    t, actor = ctx.t, ctx.actor
    staff = actor.can(CAN_MODERATE | CAN_VOTE)
    intro = say(bold(t("4 per 1000 hub")), " — ", actor.display_name)
    if not staff:
        intro.add(
            t(
                "This desk is for the Executive Secretariat and the Bureau. You can still "
                "follow events and subscribe to the newsletter: type /4p1000 help."
            )
        )
    desk = Home(intro=intro, headings=headings(t), can_moderate=actor.can(CAN_MODERATE))
    if desk.can_moderate:
        found, desk.queue_total = await reports.list_reports(ctx.uow, limit=QUEUE_SIZE)
        for item in found:
            region = await region_name(t, item.region_code, ctx.uow)
            desk.queue.append(QueueEntry(item.id, headline(t, item, region), item.title))
        if desk.queue_total > len(desk.queue):
            desk.more = t("…and {count} more.", count=desk.queue_total - len(desk.queue))
    if actor.can(CAN_VOTE):
        voting = await list_applications(ctx.uow, ApplicationStatus.VOTING)
        desk.votes = say(
            t.plural(
                "{count} membership application is open for your vote.",
                "{count} membership applications are open for your vote.",
                len(voting),
            )
        )
        for application in voting[:BALLOTS]:
            desk.ballots.append(await application_card(t, ctx.uow, application.id))
    upcoming, _ = await events.list_events(
        ctx.uow, ctx.hub.now(), limit=MEETINGS, viewer=ctx.actor.roles
    )
    for event in upcoming:
        desk.meetings.append(Reply(paragraphs=card(t, event_params(event), kind=event.kind)))
    if not upcoming:
        desk.meetings.append(say(italic(t("No upcoming event."))))
    if staff:
        figures = dashboard_reply(t, await dashboard(ctx.uow), await region_names(t, ctx.uow))
        figures.files.clear()  # the chart is one click away (/4p1000 figures)
        desk.figures = figures
    return desk
