"""A shared location tells the person's time zone: set it if they never chose one, else offer it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.interactions.context import Context
from core.interactions.model import Button, Reply, say
from core.services import people
from core.services.location_zone import UNSET_ZONES, zone_at


async def set_zone_if_unset(ctx: Context, latitude: float, longitude: float) -> str | None:
    """Set the zone of a person still on UTC from where they are; say so (None: unchanged)."""
    zone = zone_at(latitude, longitude)
    if zone is None or zone == ctx.actor.timezone or ctx.actor.timezone not in UNSET_ZONES:
        return None
    zone = await people.set_timezone(ctx.actor.person_id, zone, ctx.uow)
    ctx.relocalize(timezone=zone)
    t = ctx.t
    return t(
        "From your location, your time zone is now {zone}. It is {time} there.",
        zone=t.zone_name(),
        time=t.time(ctx.hub.now()),
    )


async def zone_from_location(ctx: Context, latitude: float, longitude: float) -> Reply | None:
    """Set the zone of a person still on UTC from where they are; offer it to others."""
    if (told := await set_zone_if_unset(ctx, latitude, longitude)) is not None:
        return say(told)
    zone = zone_at(latitude, longitude)
    if zone is None or zone == ctx.actor.timezone:
        return None
    t = ctx.t
    there = t.zone_name(ZoneInfo(zone))
    reply = say(
        t("Time zone of this place: {there} (yours: {zone}).", there=there, zone=t.zone_name())
    )
    return reply.button_row(Button(t("Use this time zone"), f"tz:{zone}"))
