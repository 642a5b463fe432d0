"""/comparable: practices of the same agro-climatic zone on other continents."""

from __future__ import annotations

from core.domain.errors import N_
from core.interactions.context import Context
from core.interactions.features.search_views import (
    as_int,
    fit,
    from_short,
    practice_line,
    short_code,
)
from core.interactions.model import Button, Reply, bold, say
from core.interactions.registry import button, command
from core.search.catalog_index import name_of
from core.services import live_catalog, practices


@command(
    "comparable",
    N_("Practices of the same agro-climatic zone on other continents"),
    usage=N_("semi-arid West Africa"),
    order=14,
)
async def comparable_command(ctx: Context, args: str) -> Reply:
    """Practices of a zone used on other continents than the reader's region."""
    current = await live_catalog.catalog(ctx.uow)
    words = args.split()
    if not words:
        return await zone_buttons(ctx, list(current.reference.zones), _home(ctx))
    zone = practices.resolve("zone", words[0], current)
    home = practices.resolve("region", words[1], current) if len(words) > 1 else _home(ctx)
    return await comparable_reply(ctx, zone, home)


def _home(ctx: Context) -> str | None:
    return min(ctx.actor.regions) if ctx.actor.regions else None


@button("cmp")
async def comparable_of_practice(ctx: Context, args: list[str]) -> Reply:
    """Choose one of a practice's zones to find comparable conditions elsewhere."""
    practice = await practices.get_practice(as_int(args[0] if args else ""), ctx.uow)
    return await zone_buttons(ctx, list(practice.zones), _home(ctx))


async def zone_buttons(ctx: Context, zones: list[str], home: str | None) -> Reply:
    reference = (await live_catalog.catalog(ctx.uow)).reference
    reply = say(ctx.t("Choose an agro-climatic zone:"))
    home_code = short_code(home) if home else ""
    buttons = [
        Button(
            name_of(reference.zones.get(z), ctx.t.language, z), f"cz:{short_code(z)}:{home_code}"
        )
        for z in zones
    ]
    for start in range(0, len(buttons), 3):
        reply.button_row(*buttons[start : start + 3])
    return reply


@button("cz")
async def comparable_button(ctx: Context, args: list[str]) -> Reply:
    """Practices of the chosen zone on other continents."""
    reference = (await live_catalog.catalog(ctx.uow)).reference
    zone = from_short(args[0] if args else "", reference.zones)
    home = from_short(args[1], reference.regions) if len(args) > 1 and args[1] else None
    if zone is None:
        return say(ctx.t("This button is no longer valid."))
    return await comparable_reply(ctx, zone, home)


async def comparable_reply(ctx: Context, zone: str, home: str | None) -> Reply:
    t = ctx.t
    reference = (await live_catalog.catalog(ctx.uow)).reference
    zone_name = name_of(reference.zones.get(zone), t.language, zone)
    found = await practices.comparable_practices(zone, home, ctx.uow)
    if home:
        home_name = name_of(reference.regions.get(home), t.language, home)
        title = t(
            "{zone} zone: practices used on other continents than {region}",
            zone=zone_name,
            region=home_name,
        )
    else:
        title = t("{zone} zone: practices and where they are used", zone=zone_name)
    reply = say(bold(title))
    if not found:
        reply.add(t("No practice recorded for these conditions yet."))
    buttons: list[Button] = []
    for number, item in enumerate(found[:10], start=1):
        where = ", ".join(name_of(reference.regions.get(r), t.language, r) for r in item.elsewhere)
        reply.add(f"{number}. ", *practice_line(t, item.entry), f" ({where})")
        buttons.append(Button(str(number), f"pc:{item.entry.id}"))
    for start in range(0, len(buttons), 5):
        reply.button_row(*buttons[start : start + 5])
    return fit(reply)
