"""`/start CODE`: a one-time invitation link gives its role (correspondents join this way)."""

from __future__ import annotations

from core.domain.people import Role
from core.interactions.context import Context
from core.interactions.features.basics import START_ARGUMENT_HANDLERS
from core.interactions.labels import label
from core.interactions.model import Reply, bold, say
from core.interactions.reports_view import region_name
from core.services.invitations import redeem_invitation


async def redeem(ctx: Context, args: str) -> Reply:
    """Redeem the invitation code carried by a deep link (or typed after /start)."""
    t = ctx.t
    code = args.split()[0]
    redeemed = await redeem_invitation(code, ctx.actor.person_id, ctx.uow, now=ctx.hub.now())
    role = label(t, redeemed.role)
    if redeemed.region:
        region = await region_name(t, redeemed.region, ctx.uow)
        reply = say(bold(t("Welcome! You are now {role} for {region}.", role=role, region=region)))
    else:
        reply = say(bold(t("Welcome! You are now {role}.", role=role)))
    if redeemed.role is Role.CORRESPONDENT:
        reply.add(t("Type /report to send your first field report to the Secretariat."))
    return reply.add(t("Type /help to see what I can do."))


START_ARGUMENT_HANDLERS["invitation"] = redeem
