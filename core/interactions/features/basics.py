"""Greeting, help, language and time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import get_timezone_location

from core.domain.errors import N_
from core.domain.people import Role
from core.i18n import Translator, languages_for, own_name
from core.interactions.context import Context
from core.interactions.labels import labels
from core.interactions.model import Button, Reply, bold, code, say
from core.interactions.region_labels import region_labels
from core.interactions.registry import (
    COMMANDS,
    CommandHandler,
    CommandSpec,
    button,
    command,
    command_word,
)
from core.services import people
from core.services.zone_names import SeveralZones


@command("start", N_("Welcome and first steps"), order=0)
async def start(ctx: Context, args: str) -> Reply | list[Reply]:
    """Greet the person (a `/start CODE` deep link redeems an invitation)."""
    if args and (redeem := START_ARGUMENT_HANDLERS.get("invitation")) is not None:
        return await redeem(ctx, args)
    t = ctx.t
    reply = say(t("Welcome to the 4 per 1000 hub, {name}!", name=ctx.actor.display_name))
    reply.add(
        t(
            "The 4 per 1000 Initiative works for soils that store more carbon, for food "
            "security and the climate. Here you can find practices and partners, follow "
            "events and receive the newsletter."
        )
    )
    reply.add(t("Type /help to see what I can do."))
    if ctx.actor.timezone in ("UTC", "Etc/UTC"):  # never set: ask, so times are the person's
        reply.add(
            t(
                "Where do you live? Type /timezone and your city or your country, so that I "
                "give you times in your own time zone."
            )
        )
    return language_choice(ctx, reply)  # one message: each more waits a second in the chat


MAX_ZONE_BUTTONS = 12

# Features that answer `/start ARG` (deep links) register here.
START_ARGUMENT_HANDLERS: dict[str, CommandHandler] = {}


@command("help", N_("What I can do"), order=1)
async def help_(ctx: Context, args: str) -> Reply:
    """List the commands this person may use."""
    t = ctx.t
    reply = say(bold(t("What I can do")))
    groups: dict[int, list[CommandSpec]] = {}
    for spec in sorted(COMMANDS.values(), key=lambda spec: (spec.order, spec.name)):
        if spec.roles is not None and not ctx.actor.can(spec.roles):
            continue
        groups.setdefault(_group_of(spec), []).append(spec)
    for group in sorted(groups):
        if len(groups) > 1:  # a person with one role only reads a plain list
            reply.add(bold(t(HELP_GROUPS[group])))
        for spec in groups[group]:
            usage = f" {t(spec.usage)}" if spec.usage else ""
            name = command_word(spec.name, t.language)
            reply.add(code(f"/{name}{usage}"), " — ", t(spec.summary))
    return reply


HELP_GROUPS = (
    N_("For everyone"),
    N_("Field reports"),
    N_("Bureau"),
    N_("Secretariat"),
    N_("Team"),
)


def _group_of(spec: CommandSpec) -> int:
    """The /help heading of a command, from the roles that may use it."""
    if spec.roles is None:
        return 0
    if Role.CORRESPONDENT in spec.roles:
        return 1
    if Role.BUREAU in spec.roles and Role.SECRETARIAT not in spec.roles:
        return 2
    if Role.SECRETARIAT in spec.roles:
        return 3
    return 4


@command("language", N_("Choose your language"), usage="fr|en|es", order=90)
async def language(ctx: Context, args: str) -> Reply:
    """Set the language, or offer the three as buttons."""
    if not args:
        return language_choice(ctx)
    return await _set_language(ctx, args)


@button("lang")
async def language_button(ctx: Context, args: list[str]) -> Reply:
    """Set the language chosen with a button."""
    return await _set_language(ctx, args[0] if args else "")


async def _set_language(ctx: Context, wanted: str) -> Reply:
    code_ = await people.set_language(ctx.actor.person_id, wanted, ctx.uow)
    ctx.relocalize(language=code_)
    return say(
        ctx.t("I will speak {language} with you from now on.", language=ctx.t.language_name(code_))
    )


def language_choice(ctx: Context, reply: Reply | None = None) -> Reply:
    """The three languages as buttons, at the end of `reply` or on their own."""
    ask = ctx.t("Choose your language:")
    reply = reply.add(ask) if reply is not None else say(ask)
    return reply.button_row(
        *(Button(own_name(lang), f"lang:{lang}") for lang in languages_for(ctx.t.language))
    )


@command(
    "timezone",
    N_("Set your time zone"),
    usage=N_("city|country"),
    order=91,
)
async def timezone(ctx: Context, args: str) -> Reply:
    """Set the time zone from a city, a country or an IANA name; ask when a country has several."""
    t = ctx.t
    if not args:
        return say(
            t("Your time zone is {zone}.", zone=t.zone_name()),
            " ",
            t(
                "To change it, type your city or your country, for example /timezone {city}.",
                city=_city(t, t.zone.key),
            ),
        )
    try:
        zone = await people.set_timezone(ctx.actor.person_id, args, ctx.uow)
    except SeveralZones as several:
        return _zone_choice(ctx, several)
    return _zone_set(ctx, zone)


@button("tz")
async def timezone_button(ctx: Context, args: list[str]) -> Reply:
    """Set the zone picked among a country's zones."""
    zone = await people.set_timezone(ctx.actor.person_id, ":".join(args), ctx.uow)
    return _zone_set(ctx, zone)


def _zone_set(ctx: Context, zone: str) -> Reply:
    ctx.relocalize(timezone=zone)
    t = ctx.t
    now = datetime.now(UTC)
    return say(
        t("Your time zone is now {zone}. It is {time} there.", zone=t.zone_name(), time=t.time(now))
    )


def _city(t: Translator, zone: str) -> str:
    if zone in ("UTC", "Etc/UTC"):
        return zone
    return str(get_timezone_location(zone, locale=t.language, return_city=True))


def _zone_choice(ctx: Context, several: SeveralZones) -> Reply:
    t = ctx.t
    reply = say(t(several.message, **several.params))
    zones = several.zones[:MAX_ZONE_BUTTONS]
    if len(several.zones) > len(zones):
        reply.add(t("Or type the name of your city."))
    for start in range(0, len(zones), 3):
        reply.button_row(*(Button(_city(t, z), f"tz:{z}") for z in zones[start : start + 3]))
    return reply


@command("me", N_("What the hub knows about you"), order=92)
async def me(ctx: Context, args: str) -> Reply:
    """Show the person's profile: name, language, zone and roles."""
    t, actor = ctx.t, ctx.actor
    reply = say(bold(actor.display_name))
    reply.add(t("Language: {language}", language=t.language_name(actor.language)))
    reply.add(t("Time zone: {zone}", zone=t.zone_name()))
    reply.add(t("Roles: {roles}", roles=labels(t, actor.roles)))
    if actor.regions:
        known = await region_labels(t, ctx.uow)
        names = sorted(known.get(code, code) for code in actor.regions)
        reply.add(t("Regions: {regions}", regions=", ".join(names)))
    return reply
