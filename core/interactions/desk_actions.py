"""Desk actions that a channel's forms call directly (a modal's fields are not a command line).

`act` identifies the sender and runs one piece of work through `dispatch.perform`, the same
unit-of-work and error policy as every command and button; the button data is read here and
in dispatch only (channels pass it through).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, DomainError
from core.domain.people import CAN_MODERATE
from core.domain.reports import REASON_REQUIRED, ReportAction, ReportStatus, next_status
from core.i18n import Translator
from core.interactions.context import Context, HubServices
from core.interactions.desk_cards import Desks, application_card, report_card
from core.interactions.dispatch import error_reply, identify_sender, parse_button, perform
from core.interactions.model import Reply, Sender, say
from core.interactions.reports_view import status_label
from core.services import moderation, reports

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Acted(Generic[T]):
    """The work's value, or the replies that say why there is none."""

    value: T | None = None
    replies: list[Reply] = field(default_factory=list)
    actor: Actor | None = None
    t: Translator | None = None

    @property
    def ok(self) -> bool:
        return not self.replies


async def act(
    hub: HubServices, sender: Sender, work: Callable[[Context], Awaitable[T]], *, what: str
) -> Acted[T]:
    """Run `work` as `sender` in one transaction; refusals and failures become replies."""
    found = await identify_sender(hub, sender)
    actor = found.actor
    if actor is None:
        return Acted(replies=found.replies)
    done = await perform(hub, actor, work, what=what)
    if done.value is None and done.replies:
        return Acted(replies=done.replies, actor=actor, t=done.t)
    return Acted(value=done.value, actor=actor, t=done.t)


async def may_give_reason(ctx: Context, report_id: int, action: ReportAction) -> int:
    """Refuse before a reason is typed if the decision cannot be taken (role, state)."""
    ctx.actor.require(CAN_MODERATE)
    item = await reports.read_report(report_id, ctx.uow)
    status = ReportStatus(item.status)
    try:
        next_status(status, action)  # the domain's moves decide
    except Conflict:
        raise Conflict(
            N_("Report #{id} is already {status}; nothing was changed."),
            id=report_id,
            status=status,
        ) from None
    return report_id


# Buttons whose decision needs a reason first (a channel with forms asks it in one).
_REASONS = {"no": ReportAction.REJECTED, "chg": ReportAction.CHANGES_REQUESTED}
# Buttons on desk cards, and the subject of the card they change.
_CARDS = {"rmod": "report", "appvote": "application", "appopen": "application"}


def reason_asked(data: str) -> tuple[int, ReportAction] | None:
    """(report, decision) when this button's decision needs a reason typed first."""
    verb, args = parse_button(data)
    if verb == "rmod" and len(args) == 2 and args[0] in _REASONS and args[1].isdigit():
        return int(args[1]), _REASONS[args[0]]
    return None


def card_of(data: str) -> tuple[str, int] | None:
    """(subject, number) of the desk card a press on this button changes, if any."""
    verb, args = parse_button(data)
    number = next((int(arg) for arg in args if arg.isdigit()), None)
    subject = _CARDS.get(verb)
    return (subject, number) if subject is not None and number is not None else None


async def redrawn_card(hub: HubServices, desks: Desks, data: str) -> Reply | None:
    """The card a press on `data` changed, as the desk shows it now (None: not a card's)."""
    found = card_of(data)
    if found is None:
        return None
    subject, number = found
    async with hub.uow() as uow:
        if subject == "report":
            return await report_card(desks.t(), uow, number, hub.now())
        return await application_card(desks.t(), uow, number)


async def decide_with_reason(
    ctx: Context, report_id: int, action: ReportAction, reason: str, now: datetime
) -> Reply:
    """Reject or send back a report with the reason typed in a form."""
    assert action in REASON_REQUIRED
    decision = await moderation.decide_report(
        report_id, action, ctx.actor, ctx.uow, now=now, reason=reason
    )
    if decision.status is ReportStatus.REJECTED:
        return say(
            ctx.t("You rejected report #{id}; its author will read your reason.", id=report_id)
        )
    return say(ctx.t("You asked the author of report #{id} for changes.", id=report_id))


async def decide_many(
    ctx: Context, report_ids: list[int], action: ReportAction, reason: str, now: datetime
) -> Reply:
    """Decide on several reports at once (each in its own transaction), saying how each went."""
    ctx.actor.require(CAN_MODERATE)
    if not report_ids:
        return say(ctx.t("Tick at least one report first."))
    results = await moderation.decide_reports(
        report_ids, action, ctx.actor, ctx.hub.uow, now=now, reason=reason
    )
    reply = Reply()
    for result in results:
        if isinstance(result, DomainError):
            reply.paragraphs.extend(error_reply(ctx.t, result).paragraphs)
        else:
            status = status_label(ctx.t, result.status)
            reply.add(ctx.t("Report #{id}: {status}.", id=result.report_id, status=status))
    return reply
