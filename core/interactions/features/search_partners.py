"""/partners, /near (or a shared location) and /complementary partners."""

from __future__ import annotations

from core.domain.errors import N_
from core.i18n import country_name
from core.interactions.context import Context
from core.interactions.dispatch import input_handler
from core.interactions.features import search_cards
from core.interactions.features.search_views import (
    as_int,
    button_data,
    fit,
    kilometres,
    numbered_list,
    partner_line,
)
from core.interactions.model import Button, Input, Reply, SharedLocation, bold, code, say
from core.interactions.registry import button, command
from core.interactions.zone_offer import zone_from_location
from core.search.catalog_index import name_of
from core.search.places import Place
from core.services import live_catalog, partners
from core.services.lookup import has_words


@command(
    "partners",
    N_("Find partners by name, acronym, country, kind or objective"),
    usage="CIRAD",
    order=11,
)
async def partners_command(ctx: Context, args: str) -> Reply:
    """Search the partner directory."""
    if not has_words(args):
        t = ctx.t
        reply = say(
            t(
                "Type a name, an acronym, a country, a kind of organisation or an objective "
                "code, for example:"
            )
        )
        reply.add(
            code("/partners CIRAD"),
            "  ",
            code("/partners recherche Côte d'Ivoire"),
            "  ",
            code("/partners B3"),
        )
        return reply
    return await partner_results(ctx, args, 0)


async def partner_results(ctx: Context, words: str, page: int) -> Reply:
    t = ctx.t
    found = await partners.search_partners(words, page, ctx.uow)
    if not found.total:
        return say(t("No partner found for “{query}”.", query=words[:60]))
    title = t(
        "Partners {first}–{last} of {total}:",
        first=found.first,
        last=found.first + len(found.items) - 1,
        total=found.total,
    )
    head = say(bold(title))
    if found.partial:
        head = say(
            t("No partner matches all of “{query}”; the best partial matches:", query=words[:60])
        ).add(bold(title))
    return numbered_list(
        head,
        found,
        lambda entry: partner_line(t, entry),
        lambda entry: f"pt:{entry.id}",
        lambda number: button_data(f"pa:{number}:", words),
        t,
    )


@button("pa")
async def partners_page(ctx: Context, args: list[str]) -> Reply:
    """Show another page of a partner search."""
    page, words = [*args, "", ""][:2]
    return await partner_results(ctx, words, as_int(page))


@button("pt")
async def partner_button(ctx: Context, args: list[str]) -> Reply:
    """Open a partner card."""
    partner = await partners.get_partner(as_int(args[0] if args else ""), ctx.uow)
    reference = (await live_catalog.catalog(ctx.uow)).reference
    return search_cards.partner_card(ctx.t, partner, reference)


@command(
    "near",
    N_("Partners near you or near a place"),
    usage="Abidjan",
    order=12,
)
async def near_command(ctx: Context, args: str) -> Reply:
    """Nearest partners to a named place (or ask for a location)."""
    if not has_words(args):
        return say(
            ctx.t("Share your location (the paperclip, then Location), or name a place:"),
            " ",
            code("/near Abidjan"),
        )
    place = await partners.locate(args)
    return await near_results(ctx, place.latitude, place.longitude, 0, place_label(ctx, place))


def place_label(ctx: Context, place: Place) -> str:
    """A country by its name in the reader's language; a town as found, with its country."""
    country = country_name(place.country, ctx.t.language)
    return country if place.is_country else f"{place.name}, {country}"


async def near_results(
    ctx: Context, latitude: float, longitude: float, page: int, place: str | None = None
) -> Reply:
    t = ctx.t
    found = await partners.partners_near(latitude, longitude, page, ctx.uow)
    if not found.total:
        return say(t("No partner has a location yet."))
    if place:
        title = t("Partners nearest to {place}:", place=place)
    else:
        title = t("Partners nearest to you:")
    return numbered_list(
        say(bold(title)),
        found,
        lambda near: [*partner_line(t, near.entry), f" · {kilometres(t, near.km)}"],
        lambda near: f"pt:{near.entry.id}",
        lambda number: f"pn:{number}:{latitude:.3f}:{longitude:.3f}",
        t,
    )


@button("pn")
async def near_page(ctx: Context, args: list[str]) -> Reply:
    """Show partners near a point (another page, or near a partner)."""
    try:
        page, latitude, longitude = int(args[0]), float(args[1]), float(args[2])
    except (IndexError, ValueError):
        return say(ctx.t("This button is no longer valid."))
    return await near_results(ctx, latitude, longitude, page)


@input_handler(80)
async def shared_location(ctx: Context, message: Input) -> Reply | list[Reply] | None:
    """A shared location, outside any dialog: its time zone, and the nearest partners."""
    if not isinstance(message, SharedLocation):
        return None
    zone = await zone_from_location(ctx, message.latitude, message.longitude)
    nearest = await near_results(ctx, message.latitude, message.longitude, 0)
    return [zone, nearest] if zone else nearest


@command(
    "complementary",
    N_("Partners that complete a partner or a set of objectives"),
    usage="CIRAD | B3 D2",
    order=13,
)
async def complementary_command(ctx: Context, args: str) -> Reply:
    """Suggest partners covering the strategic objectives not yet covered."""
    t = ctx.t
    if not has_words(args):
        return say(
            t("Name a partner or strategic objective codes, for example:"),
            " ",
            code("/complementary CIRAD"),
            "  ",
            code("/complementary B3 D2"),
        )
    codes = partners.objective_codes(args)
    if codes is not None:
        return await complement_reply(ctx, codes, None, ", ".join(sorted(codes)))
    found = await partners.search_partners(args, 0, ctx.uow)
    if not found.total:
        return say(t("No partner found for “{query}”.", query=args[:60]))
    entry = found.items[0]
    return await complement_reply(ctx, set(entry.objectives), entry.id, entry.acronym or entry.name)


@button("pk")
async def complementary_button(ctx: Context, args: list[str]) -> Reply:
    """Suggest partners completing this partner."""
    partner = await partners.get_partner(as_int(args[0] if args else ""), ctx.uow)
    codes = {objective.code for objective in partner.objectives}
    return await complement_reply(ctx, codes, partner.id, partner.acronym or partner.name)


async def complement_reply(ctx: Context, codes: set[str], exclude: int | None, who: str) -> Reply:
    t = ctx.t
    result = await partners.complementary_partners(codes, ctx.uow, exclude=exclude)
    objectives = (await live_catalog.catalog(ctx.uow)).reference.objectives
    reply = say(bold(t("Partners who complete {who}:", who=who)))
    if result.covered:
        reply.add(t("Already covered: {codes}", codes=", ".join(result.covered)))
    buttons: list[Button] = []
    for number, item in enumerate(result.suggestions, start=1):
        adds = ", ".join(f"{c} {name_of(objectives.get(c), t.language)}" for c in item.adds)
        reply.add(f"{number}. ", *partner_line(t, item.entry), " — ", t("adds {codes}", codes=adds))
        buttons.append(Button(str(number), f"pt:{item.entry.id}"))
    if not result.suggestions:
        reply.add(t("Nobody else in the directory adds a new objective."))
    if result.uncovered:
        reply.add(t("Nobody covers yet: {codes}", codes=", ".join(result.uncovered)))
    for start in range(0, len(buttons), 4):
        reply.button_row(*buttons[start : start + 4])
    return fit(reply)
