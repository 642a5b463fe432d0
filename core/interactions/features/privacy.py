"""/mydata: everything held about you, as a file. /forget: erase it, after a confirmation."""

from __future__ import annotations

from core.domain.errors import N_
from core.interactions.context import Context
from core.interactions.model import Button, OutFile, Reply, bold, say
from core.interactions.registry import button, command
from core.services import privacy


@command("mydata", N_("Everything the hub holds about you, as a file"), order=93)
async def mydata(ctx: Context, args: str) -> Reply:
    """Send the person a JSON file of all their data."""
    data = await privacy.export_person_data(ctx.actor.person_id, ctx.hub.now(), ctx.uow)
    reply = say(
        ctx.t(
            "Here is everything the hub holds about you: profile, identities, roles, "
            "subscriptions, consent log, reports, replies to events and messages waiting to be "
            "sent."
        )
    )
    reply.files.append(OutFile("4p1000-my-data.json", privacy.to_json(data), "application/json"))
    return reply


@command("forget", N_("Erase everything the hub holds about you"), order=94)
async def forget(ctx: Context, args: str) -> Reply:
    """Ask for confirmation before erasing the person."""
    t = ctx.t
    reply = say(bold(t("Erase all your data?")))
    reply.add(
        t(
            "Your profile, subscriptions, consent log, replies to events and messages waiting "
            "to be sent will be erased. Reports you sent stay, without your name or location. "
            "This cannot be undone. Type /mydata first if you want a copy."
        )
    )
    return reply.button_row(
        Button(t("Yes, erase everything"), "forget:yes"), Button(t("No, keep it"), "forget:no")
    )


@button("forget")
async def forget_confirmed(ctx: Context, args: list[str]) -> Reply:
    """Erase the person once they confirmed."""
    if args != ["yes"]:
        return say(ctx.t("All right, nothing was erased."))
    await privacy.forget_person(ctx.actor.person_id, ctx.hub.now(), ctx.uow)
    return say(
        ctx.t(
            "Your data has been erased. If you write again, the hub will know you as a new person."
        )
    )
