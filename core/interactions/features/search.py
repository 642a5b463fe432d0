"""/practices, /partners, /near, /complementary, /comparable, and plain-text searches."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.domain.errors import N_
from core.interactions.context import Context
from core.interactions.dispatch import input_handler
from core.interactions.features import search_cards
from core.interactions.features.search_views import (
    button_data,
    fit,
    from_short,
    kilometres,
    numbered_list,
    partner_line,
    practice_line,
    short_code,
)
from core.interactions.model import Button, Input, Reply, SharedLocation, Text, bold, code, say
from core.interactions.registry import button, command
from core.search.catalog import name_of
from core.search.vocabulary import PRACTICE_CATEGORIES
from core.services import catalog, partners, practices
from core.services.lookup import has_words
from core.services.practices import PracticeFilters

_NEAR = re.compile(
    r"^(?:(?:partners?|partenaires?|socios?)\s+)?(?:near|close to|around|près de|pres de|"
    r"autour de|cerca de|cerca del?)\s+(.+)$",
    re.IGNORECASE,
)


@command(
    "practices",
    N_("Find practices (typos and any language welcome)"),
    usage="agroforestry zone:semi-arid",
    aliases=("practice", "pratiques", "practicas", "prácticas"),
    order=10,
)
async def practices_command(ctx: Context, args: str) -> Reply:
    """Search practices; with no words, explain and offer the categories."""
    words, filters = await practices.parse_query(args, ctx.uow)
    if not words and not filters:
        return practices_help(ctx)
    return await practice_results(ctx, words, filters, 0)


def practices_help(ctx: Context) -> Reply:
    t = ctx.t
    reply = say(t("Type what you are looking for, in French, English or Spanish, for example:"))
    reply.add(code("/practices agroforestry"), "  ", code("/practices semis direct"))
    reply.add(t("Narrow it down with zone:, region: or category:, for example:"))
    reply.add(code("/practices compost zone:semi-arid region:west-africa"))
    reply.add(t("Or browse a category:"))
    buttons = [
        Button(t(label).capitalize(), f"pp:0:c{short_code(category)}:")
        for category, label in PRACTICE_CATEGORIES.items()
    ]
    for start in range(0, len(buttons), 3):
        reply.button_row(*buttons[start : start + 3])
    return reply


def _encode(filters: PracticeFilters) -> str:
    parts = [(k, v) for k, v in (("z", filters.zone), ("r", filters.region)) if v]
    parts += [("c", filters.category)] if filters.category else []
    return "".join(kind + short_code(value) for kind, value in parts)


async def _decode(ctx: Context, text: str) -> PracticeFilters:
    current = await catalog.catalog(ctx.uow)
    tables: dict[str, Iterable[str]] = {
        "z": current.reference.zones,
        "r": current.reference.regions,
        "c": PRACTICE_CATEGORIES,
    }
    found = {}
    for kind, short in re.findall(r"([zrc])([0-9a-f]{4})", text):
        found[kind] = from_short(short, tables[kind])
    return PracticeFilters(found.get("z"), found.get("r"), found.get("c"))


async def practice_results(ctx: Context, words: str, filters: PracticeFilters, page: int) -> Reply:
    t = ctx.t
    found = await practices.search_practices(words, filters, page, t.language, ctx.uow)
    if not found.total:
        return say(
            t("No practice found for “{query}”.", query=words[:60]),
            " ",
            t("Try other words, or fewer filters."),
        )
    title = t(
        "Practices {first}–{last} of {total}:",
        first=found.first,
        last=found.first + len(found.items) - 1,
        total=found.total,
    )
    prefix = f"pp:{{page}}:{_encode(filters)}:"
    return numbered_list(
        say(bold(title)),
        found,
        lambda entry: practice_line(t, entry),
        lambda entry: f"pc:{entry.id}",
        lambda number: button_data(prefix.format(page=number), words),
        t,
    )


@button("pp")
async def practices_page(ctx: Context, args: list[str]) -> Reply:
    """Show another page of a practice search."""
    page, filters, words = [*args, "", "", ""][:3]
    return await practice_results(ctx, words, await _decode(ctx, filters), _int(page))


@button("pc")
async def practice_button(ctx: Context, args: list[str]) -> Reply:
    """Open a practice sheet."""
    practice = await practices.get_practice(_int(args[0] if args else ""), ctx.uow)
    reference = (await catalog.catalog(ctx.uow)).reference
    return search_cards.practice_card(ctx.t, practice, reference)


@command(
    "partners",
    N_("Find partners by name, acronym, country, kind or objective"),
    usage="CIRAD",
    aliases=("partner", "partenaires", "socios"),
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
    return numbered_list(
        say(bold(title)),
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
    return await partner_results(ctx, words, _int(page))


@button("pt")
async def partner_button(ctx: Context, args: list[str]) -> Reply:
    """Open a partner card."""
    partner = await partners.get_partner(_int(args[0] if args else ""), ctx.uow)
    reference = (await catalog.catalog(ctx.uow)).reference
    return search_cards.partner_card(ctx.t, partner, reference)


@command(
    "near",
    N_("Partners near you or near a place"),
    usage="Abidjan",
    aliases=("pres", "près", "cerca"),
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
    place = partners.locate(args)
    return await near_results(ctx, place.latitude, place.longitude, 0, place.name)


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
async def shared_location(ctx: Context, message: Input) -> Reply | None:
    """A shared location, outside any dialog: the nearest partners."""
    if not isinstance(message, SharedLocation):
        return None
    return await near_results(ctx, message.latitude, message.longitude, 0)


@command(
    "complementary",
    N_("Partners that complete a partner or a set of objectives"),
    usage="CIRAD | B3 D2",
    aliases=("complementaires", "complementarios"),
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
    partner = await partners.get_partner(_int(args[0] if args else ""), ctx.uow)
    codes = {objective.code for objective in partner.objectives}
    return await complement_reply(ctx, codes, partner.id, partner.acronym or partner.name)


async def complement_reply(ctx: Context, codes: set[str], exclude: int | None, who: str) -> Reply:
    t = ctx.t
    result = await partners.complementary_partners(codes, ctx.uow, exclude=exclude)
    objectives = (await catalog.catalog(ctx.uow)).reference.objectives
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


@command(
    "comparable",
    N_("Practices of the same agro-climatic zone on other continents"),
    usage="semi-arid west-africa",
    aliases=("comparables",),
    order=14,
)
async def comparable_command(ctx: Context, args: str) -> Reply:
    """Practices of a zone used on other continents than the reader's region."""
    current = await catalog.catalog(ctx.uow)
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
    practice = await practices.get_practice(_int(args[0] if args else ""), ctx.uow)
    return await zone_buttons(ctx, list(practice.zones), _home(ctx))


async def zone_buttons(ctx: Context, zones: list[str], home: str | None) -> Reply:
    reference = (await catalog.catalog(ctx.uow)).reference
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
    reference = (await catalog.catalog(ctx.uow)).reference
    zone = from_short(args[0] if args else "", reference.zones)
    home = from_short(args[1], reference.regions) if len(args) > 1 and args[1] else None
    if zone is None:
        return say(ctx.t("This button is no longer valid."))
    return await comparable_reply(ctx, zone, home)


async def comparable_reply(ctx: Context, zone: str, home: str | None) -> Reply:
    t = ctx.t
    reference = (await catalog.catalog(ctx.uow)).reference
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


@input_handler(90)
async def plain_search(ctx: Context, message: Input) -> Reply | None:
    """Short text that names practices or partners: answer it as a search."""
    if not isinstance(message, Text) or not 2 <= len(message.text) <= 80:
        return None
    text = message.text.strip()
    if near := _NEAR.match(text):
        place = partners.locate(near.group(1))
        return await near_results(ctx, place.latitude, place.longitude, 0, place.name)
    if len(text.split()) > 6:
        return None
    found = await catalog.quick_search(text, ctx.uow)
    if found is None:
        return None
    t = ctx.t
    reply = Reply()
    buttons: list[Button] = []
    if found.practices:
        reply.add(bold(t("Practices")))
        for entry in found.practices:
            buttons.append(Button(str(len(buttons) + 1), f"pc:{entry.id}"))
            reply.add(f"{len(buttons)}. ", *practice_line(t, entry))
    if found.partners:
        reply.add(bold(t("Partners")))
        for partner in found.partners:
            buttons.append(Button(str(len(buttons) + 1), f"pt:{partner.id}"))
            reply.add(f"{len(buttons)}. ", *partner_line(t, partner))
    reply.button_row(*buttons)
    more: list[Button] = []
    if found.practices:
        more.append(Button(t("More practices"), button_data("pp:0::", text)))
    if found.partners:
        more.append(Button(t("More partners"), button_data("pa:0:", text)))
    reply.button_row(*more)
    return fit(reply)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1
