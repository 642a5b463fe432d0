"""Desk actions that a channel's forms call directly (a modal's fields are not a command line).

`act` runs one piece of work as a sender, like dispatch does for a command: the person is
identified, the work runs in one unit of work with the actor's role checks (in the services),
a domain refusal becomes a reply in the actor's language, anything unexpected is logged and
apologised for, and nothing half-written is kept.
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
from core.domain.reports import REASON_REQUIRED, ReportAction, ReportStatus
from core.i18n import Translator
from core.interactions.context import Context, HubServices
from core.interactions.dispatch import apology, error_reply, identify_sender
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
    t = Translator(actor.language, actor.timezone)
    async with hub.uow() as uow:
        ctx = Context(actor, t, uow, hub)
        try:
            value = await work(ctx)
            await uow.commit()
        except DomainError as error:
            await uow.rollback()
            return Acted(replies=[error_reply(ctx.t, error)], actor=actor, t=ctx.t)
        except Exception:
            log.exception("desk action %s by person %s failed", what, actor.person_id)
            await uow.rollback()
            return Acted(replies=[apology(ctx.t)], actor=actor, t=ctx.t)
    return Acted(value=value, actor=actor, t=ctx.t)


async def may_give_reason(ctx: Context, report_id: int, action: ReportAction) -> int:
    """Refuse before a reason is typed if the decision cannot be taken (role, state)."""
    ctx.actor.require(CAN_MODERATE)
    item = await reports.get_report(report_id, ctx.uow)
    status = ReportStatus(item.status)
    allowed = status is ReportStatus.SUBMITTED or (
        status is ReportStatus.CHANGES_REQUESTED and action is ReportAction.REJECTED
    )
    if not allowed:
        raise Conflict(
            N_("Report #{id} is already {status}; nothing was changed."),
            id=report_id,
            status=status,
        )
    return report_id


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
