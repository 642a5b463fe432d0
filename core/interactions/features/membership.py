"""Membership applications: file one, open the Bureau's vote, vote with one tap."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.domain import vocabulary
from core.domain.errors import N_, InvalidInput
from core.domain.kinds import ApplicationStatus, PartnerCategory, Vote
from core.domain.membership import VoteRules
from core.domain.people import CAN_MODERATE, CAN_VOTE
from core.domain.vocabulary import shown_words
from core.i18n import Translator
from core.interactions.context import Context
from core.interactions.labels import label, register_labels
from core.interactions.model import Button, Reply, bold, say
from core.interactions.notifications import notification
from core.interactions.paging import pack
from core.interactions.registry import button, command
from core.services import membership
from core.services.application_views import ApplicationView

register_labels(
    {
        ApplicationStatus.SUBMITTED: N_("waiting for the Secretariat's check"),
        ApplicationStatus.CHECKED: N_("checked"),
        ApplicationStatus.VOTING: N_("open for the Bureau's vote"),
        ApplicationStatus.APPROVED: N_("approved by the Bureau"),
        ApplicationStatus.REJECTED: N_("not approved by the Bureau"),
        ApplicationStatus.CONFIRMED: N_("confirmed by the Consortium"),
        Vote.YES: N_("yes"),
        Vote.NO: N_("no"),
        Vote.ABSTAIN: N_("abstain"),
    }
)
BUREAU_DESK = CAN_MODERATE | CAN_VOTE
APPLICATIONS_PAGE = 10


@command("apply", N_("Apply to join the Initiative (for an organisation)"), usage="…", order=70)
async def apply(ctx: Context, args: str) -> Reply:
    """File a membership application from a one-line form."""
    t = ctx.t
    fields = [part.strip() for part in args.split("|")]
    if len(fields) < 2 or not fields[0]:
        return say(
            t(
                "To apply, write on one line: /apply organisation | category | country code | "
                "objectives | motivation. For example: /apply Soil Lab | research | CI | A3 D2 | "
                "We measure soil carbon in cocoa farms."
            )
        ).add(
            t(
                "Categories: {choices}.",
                choices=", ".join(shown_words(vocabulary.PARTNER_CATEGORY, t.language)),
            )
        )
    fields += [""] * (5 - len(fields))
    form = membership.ApplicationForm(
        organisation=fields[0],
        category=fields[1],
        country=fields[2] or None,
        objectives=tuple(fields[3].replace(",", " ").split()),
        motivation=" | ".join(fields[4:]).strip(" |"),
    )
    application = await membership.submit_application(
        form, ctx.uow, submitted_by=ctx.actor.person_id
    )
    return say(
        t(
            "Thank you! Application #{number} for {organisation} is filed. The Executive "
            "Secretariat will check it, then the Bureau will vote.",
            number=application.id,
            organisation=application.organisation,
        )
    )


@command(
    "applications",
    N_("Membership applications and the Bureau's votes"),
    roles=BUREAU_DESK,
    order=71,
)
async def applications(ctx: Context, args: str) -> Reply:
    """List the applications waiting for a check or a vote, with their buttons."""
    return await _applications_page(ctx, 0)


@button("appl")
async def more_applications(ctx: Context, args: list[str]) -> Reply:
    """Show the next page of waiting applications."""
    offset = int(args[0]) if args and args[0].isdigit() else 0
    return await _applications_page(ctx, offset)


async def _applications_page(ctx: Context, offset: int) -> Reply:
    t = ctx.t
    ctx.actor.require(BUREAU_DESK)
    waiting = [
        application
        for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.VOTING)
        for application in await membership.list_applications(ctx.uow, status)
    ]
    if not waiting:
        return say(t("No application is waiting."))
    shown = waiting[offset : offset + APPLICATIONS_PAGE]
    count = len(waiting)
    title = t.plural("{count} application waiting:", "{count} applications waiting:", count)
    head = say(bold(title))
    cards = []
    for application in shown:
        card = application_card(t, _card_params(application), ctx.actor.can(CAN_MODERATE))
        mark = f"#{application.id} "  # one message: each button names its application
        card.buttons = [[replace(b, label=mark + b.label) for b in row] for row in card.buttons]
        cards.append(card)

    def more(start: int) -> Button:
        return Button(t("More"), f"appl:{start}")

    return pack(head, cards, offset=offset, total=len(waiting), more=more).reply


@button("appvote")
async def vote_button(ctx: Context, args: list[str]) -> Reply:
    """Record a Bureau member's vote."""
    number, choice = _parse(args)
    try:
        vote = Vote(choice)
    except ValueError:
        raise InvalidInput(N_("This button is no longer valid.")) from None
    rules = VoteRules(ctx.hub.settings.bureau_quorum, ctx.hub.settings.bureau_majority)
    result = await membership.cast_vote(ctx.actor, number, vote, ctx.uow, rules)
    t = ctx.t
    reply = say(
        t("Your vote on application #{number}: {vote}.", number=number, vote=label(t, vote)),
        " ",
        t(
            "So far: {yes} yes, {no} no, {abstain} abstentions.",
            yes=result.tally.yes,
            no=result.tally.no,
            abstain=result.tally.abstain,
        ),
    )
    if result.closed is not None:
        reply.add(bold(t("The vote is closed: {outcome}.", outcome=label(t, result.closed))))
    return reply


@button("appopen")
async def open_button(ctx: Context, args: list[str]) -> Reply:
    """Put a checked application to the Bureau's vote."""
    number, _ = _parse(args)
    application = await membership.open_vote(ctx.actor, number, ctx.uow)
    return say(ctx.t("Application #{number} is open for the Bureau's vote.", number=application.id))


def _parse(args: list[str]) -> tuple[int, str]:
    if not args or not args[0].isdigit():
        raise InvalidInput(N_("This button is no longer valid."))
    return int(args[0]), args[1] if len(args) > 1 else ""


def _card_params(application: ApplicationView) -> dict[str, Any]:
    return {
        "id": application.id,
        "organisation": application.organisation,
        "category": application.category,
        "country": application.country,
        "status": application.status,
        "objectives": application.objectives,
        "motivation": application.motivation,
    }


def application_card(t: Translator, params: dict[str, Any], can_open: bool) -> Reply:
    """An application with the buttons its reader may press."""
    number = params["id"]
    reply = say(
        bold(f"#{number} {params['organisation']}"),
        f" — {label(t, PartnerCategory(params['category']))}",
        f" ({params['country']})" if params.get("country") else "",
    )
    reply.add(t("Status: {status}", status=label(t, ApplicationStatus(params["status"]))))
    if params.get("objectives"):
        reply.add(t("Objectives: {codes}", codes=", ".join(params["objectives"])))
    if params.get("motivation"):
        reply.add(params["motivation"])
    if params["status"] == ApplicationStatus.VOTING:
        reply.button_row(
            *(Button(label(t, v).capitalize(), f"appvote:{number}:{v.value}") for v in Vote)
        )
    elif params["status"] == ApplicationStatus.SUBMITTED and can_open:
        reply.button_row(Button(t("Open the Bureau's vote"), f"appopen:{number}"))
    return reply


@notification("membership_submitted")
def submitted_notice(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell the Secretariat a new application came in."""
    reply = say(bold(t("New membership application")))
    return reply.add(*application_card(t, params, can_open=True).paragraphs[0]).button_row(
        Button(t("Open the Bureau's vote"), f"appopen:{params['id']}")
    )


@notification("membership_vote_open")
def vote_notice(t: Translator, params: dict[str, Any]) -> Reply:
    """Ask a Bureau member to vote."""
    reply = application_card(t, {**params, "status": ApplicationStatus.VOTING}, can_open=False)
    reply.paragraphs.insert(0, (bold(t("The Bureau is asked to vote")),))
    return reply


@notification("membership_closed")
def closed_notice(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell the Secretariat how the Bureau decided."""
    return say(
        t(
            "The Bureau's vote on application #{number} ({organisation}) is closed: {outcome}.",
            number=params["id"],
            organisation=params["organisation"],
            outcome=label(t, ApplicationStatus(params["status"])),
        )
    )


@notification("membership_applicant")
def applicant_notice(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell the applicant the Bureau's decision, then the Consortium's confirmation."""
    number, organisation = params["id"], params["organisation"]
    status = params["status"]
    if status == ApplicationStatus.APPROVED:
        reply = say(
            bold(
                t(
                    "Good news: the Bureau approved the application #{number} of {organisation}.",
                    number=number,
                    organisation=organisation,
                )
            )
        )
        return reply.add(t("The Consortium will now confirm it; I will tell you here."))
    if status == ApplicationStatus.CONFIRMED:
        reply = say(
            bold(
                t(
                    "The Consortium confirmed the membership of {organisation} "
                    "(application #{number}). Welcome to the 4 per 1000 Initiative!",
                    number=number,
                    organisation=organisation,
                )
            )
        )
        return reply
    return say(
        t(
            "The Bureau did not approve the application #{number} of {organisation}. "
            "The Secretariat can tell you more.",
            number=number,
            organisation=organisation,
        )
    )
