"""/subscribe (with consent), topics and regions, /unsubscribe and STOP, /latest, /digests."""

from __future__ import annotations

from core.domain import vocabulary
from core.domain.errors import N_, InvalidInput
from core.domain.kinds import Frequency
from core.domain.newsletter import RUBRIC_ORDER, is_stop_word
from core.domain.people import Channel
from core.i18n import LANGUAGES, Translator, languages_for, own_name
from core.interactions.context import Context
from core.interactions.dispatch import input_handler
from core.interactions.features.newsletter_render import (
    FREQUENCIES,
    add_item,
    digest,
    period_name,
    rubric_name,
)
from core.interactions.model import Button, Input, Reply, Text, bold, say
from core.interactions.region_labels import region_labels
from core.interactions.registry import button, command
from core.services import digest_archive, newsletter, subscriptions
from core.services.digest_content import item_params, to_item_row
from core.services.subscriptions import SubscriptionView


def _channel_name(t: Translator, channel: str) -> str:
    """The channel as people call it: Telegram, Slack, or the terminal chat."""
    return t("the terminal chat") if channel == Channel.CONSOLE else str(channel).capitalize()


def _frequency_label(t: Translator, frequency: str) -> str:
    return t(FREQUENCIES.get(frequency, frequency))


async def _summary(ctx: Context, subscription: SubscriptionView) -> Reply:
    t = ctx.t
    names = await region_labels(t, ctx.uow)
    topics = ", ".join(rubric_name(t, topic) for topic in subscription.topics) or t("every topic")
    regions = ", ".join(names.get(str(code), str(code)) for code in subscription.regions) or t(
        "every region"
    )
    reply = say(
        t(
            "Your newsletter: {frequency} digest in {language}, here on {channel}.",
            frequency=_frequency_label(t, subscription.frequency),
            language=t.language_name(subscription.language),
            channel=_channel_name(t, subscription.channel),
        )
    )
    reply.add(t("Topics: {topics}", topics=topics), " · ", t("Regions: {regions}", regions=regions))
    if subscription.frequency == Frequency.WEEKLY:
        reply.add(t("It arrives on Mondays at 08:00, your time ({zone}).", zone=t.zone.key))
    else:
        reply.add(
            t("It arrives on the 1st of each month at 08:00, your time ({zone}).", zone=t.zone.key)
        )
    return reply.button_row(
        Button(t("Choose topics"), "nltopics"), Button(t("Choose regions"), "nlregions")
    )


@command(
    "subscribe",
    N_("Receive the newsletter in your language"),
    usage=N_("[weekly|monthly] [fr|en|es]"),
    order=30,
)
async def subscribe(ctx: Context, args: str) -> Reply:
    """Ask frequency and language, then for consent; show the settings of a subscriber."""
    frequency = language = None

    def known(phrase: str) -> bool:
        return any(vocabulary.parse(c, phrase) for c in (vocabulary.FREQUENCY, vocabulary.LANGUAGE))

    for phrase in vocabulary.segments(args, known):
        if found := vocabulary.parse(vocabulary.FREQUENCY, phrase):
            frequency = found
        elif found := vocabulary.parse(vocabulary.LANGUAGE, phrase):
            language = found
        else:
            raise InvalidInput(
                N_("Unknown word {word}. Choose {frequencies}, and a language ({languages})."),
                word=phrase[:40],
                frequencies=vocabulary.Choices(vocabulary.FREQUENCY),
                languages=vocabulary.Choices(vocabulary.LANGUAGE),
            )
    if not args.strip():
        current = await subscriptions.find_subscription(
            ctx.actor.person_id, ctx.actor.channel, ctx.uow
        )
        if current is not None and current.active:
            return await _summary(ctx, current)
    return _ask(ctx, frequency, language)


def _ask(ctx: Context, frequency: str | None, language: str | None) -> Reply:
    t = ctx.t
    if frequency is None:
        reply = say(t("How often would you like the newsletter?"))
        return reply.button_row(
            *(Button(_frequency_label(t, f).capitalize(), f"nlsub:{f}") for f in Frequency)
        )
    if language is None:
        reply = say(t("In which language?"))
        return reply.button_row(
            *(
                Button(own_name(lang), f"nlsub:{frequency}:{lang}")
                for lang in languages_for(t.language)
            )
        )
    reply = say(
        t(
            "Do you agree to receive the 4 per 1000 newsletter, a {frequency} digest in "
            "{language}, here on {channel}? Your consent is recorded with its date. "
            "You can stop at any time by sending STOP.",
            frequency=_frequency_label(t, frequency),
            language=t.language_name(language),
            channel=_channel_name(t, ctx.actor.channel),
        )
    )
    return reply.button_row(
        Button(t("Yes, subscribe me"), f"nlok:{frequency}:{language}"),
        Button(t("No, thanks"), "nlno"),
    )


@button("nlsub")
async def subscribe_step(ctx: Context, args: list[str]) -> Reply:
    """Go on with the frequency (and language) chosen."""
    frequency = args[0] if args and args[0] in tuple(Frequency) else None
    language = args[1] if len(args) > 1 and args[1] in LANGUAGES else None
    return _ask(ctx, frequency, language)


@button("nlok")
async def subscribe_confirmed(ctx: Context, args: list[str]) -> Reply:
    """Subscribe: the person said yes (their consent is logged)."""
    frequency, language = [*args, "", ""][:2]
    subscription = await subscriptions.subscribe(
        ctx.actor.person_id,
        ctx.actor.channel,
        frequency=frequency,
        language=language,
        now=ctx.hub.now(),
        uow=ctx.uow,
    )
    reply = await _summary(ctx, subscription)
    reply.paragraphs.insert(0, (bold(ctx.t("You are subscribed. Thank you!")),))
    return reply


@button("nlno")
async def subscribe_declined(ctx: Context, args: list[str]) -> Reply:
    """Leave things as they are."""
    return say(ctx.t("All right, nothing was changed."))


def _check(on: bool) -> str:
    return "✓ " if on else ""


@button("nltopics")
async def topics_menu(ctx: Context, args: list[str]) -> Reply:
    """Offer every rubric as an on/off button."""
    current = await subscriptions.active_subscription(
        ctx.actor.person_id, ctx.actor.channel, ctx.uow
    )
    return _topics_reply(ctx, list(current.topics))


def _topics_reply(ctx: Context, chosen: list[object]) -> Reply:
    t = ctx.t
    reply = say(t("Press a topic to add or remove it (none chosen: every topic)."))
    buttons = [
        Button(_check(rubric in chosen) + rubric_name(t, rubric), f"nltopic:{rubric}")
        for rubric in RUBRIC_ORDER
    ]
    for start in range(0, len(buttons), 2):
        reply.button_row(*buttons[start : start + 2])
    return reply


@button("nltopic")
async def topic_toggled(ctx: Context, args: list[str]) -> Reply:
    """Add or remove one rubric."""
    chosen = await subscriptions.toggle_topic(
        ctx.actor.person_id, ctx.actor.channel, args[0] if args else "", ctx.uow
    )
    return _topics_reply(ctx, list(chosen))


@button("nlregions")
async def regions_menu(ctx: Context, args: list[str]) -> Reply:
    """Offer every region as an on/off button."""
    current = await subscriptions.active_subscription(
        ctx.actor.person_id, ctx.actor.channel, ctx.uow
    )
    return await _regions_reply(ctx, list(current.regions))


async def _regions_reply(ctx: Context, chosen: list[object]) -> Reply:
    t = ctx.t
    reply = say(t("Press a region to add or remove it (none chosen: news from everywhere)."))
    buttons = [
        Button(_check(code in chosen) + name, f"nlregion:{code}")
        for code, name in (await region_labels(t, ctx.uow)).items()
    ]
    for start in range(0, len(buttons), 2):
        reply.button_row(*buttons[start : start + 2])
    return reply


@button("nlregion")
async def region_toggled(ctx: Context, args: list[str]) -> Reply:
    """Add or remove one region."""
    chosen = await subscriptions.toggle_region(
        ctx.actor.person_id, ctx.actor.channel, args[0] if args else "", ctx.uow
    )
    return await _regions_reply(ctx, list(chosen))


@command("unsubscribe", N_("Stop the newsletter (or just send STOP)"), order=31)
async def unsubscribe(ctx: Context, args: str) -> Reply:
    """End every newsletter send at once."""
    return await _stop(ctx)


@input_handler(5)
async def stop_word(ctx: Context, message: Input) -> Reply | None:
    """Treat a plain STOP (ARRÊT, ALTO, PARAR...) as an unsubscribe."""
    if isinstance(message, Text) and is_stop_word(message.text):
        return await _stop(ctx)
    return None


async def _stop(ctx: Context) -> Reply:
    t = ctx.t
    stopped = await subscriptions.stop_newsletter(ctx.actor.person_id, ctx.hub.now(), ctx.uow)
    if not stopped.subscriptions and not stopped.cancelled:
        return say(t("You are not subscribed to the newsletter: nothing will be sent to you."))
    reply = say(bold(t("Done: you will receive no more newsletters.")))
    if stopped.cancelled:
        reply.add(
            t.plural(
                "{count} digest waiting to be sent was cancelled.",
                "{count} digests waiting to be sent were cancelled.",
                stopped.cancelled,
            )
        )
    reply.add(t("To subscribe again, type /subscribe."))
    return reply


@command("latest", N_("The latest newsletter items"), order=32)
async def latest(ctx: Context, args: str) -> Reply:
    """Show the five most recent published items."""
    t = ctx.t
    items = await newsletter.latest_items(ctx.uow)
    if not items:
        return say(t("Nothing has been published yet."))
    reply = say(bold(t("Latest news from the 4 per 1000 Initiative")))
    for item in items:
        params = item_params(to_item_row(item), t.language)
        reply.add(bold(rubric_name(t, item.rubric).upper()))
        add_item(reply, t, params, dated=True)
    return reply


@command("digests", N_("Your past digests"), order=33)
async def digests(ctx: Context, args: str) -> Reply:
    """List the person's past digests; a button opens one."""
    t = ctx.t
    found = await digest_archive.past_digests(ctx.actor.person_id, ctx.uow)
    if not found:
        return say(t("You have not received any digest yet. Type /subscribe to receive them."))
    reply = say(bold(t("Your past digests")))
    for entry in found:
        frequency = Frequency.MONTHLY if "-W" not in entry.period else Frequency.WEEKLY
        count = len(entry.item_ids)
        label = period_name(t, frequency, entry.period)
        reply.button_row(
            Button(
                t.plural("{period}: {count} item", "{period}: {count} items", count, period=label),
                f"nldig:{entry.id}",
            )
        )
    return reply


@button("nldig")
async def digest_opened(ctx: Context, args: list[str]) -> Reply:
    """Show one past digest again."""
    digest_id = int(args[0]) if args and args[0].isdigit() else 0
    params = await digest_archive.archived_digest(ctx.actor.person_id, digest_id, ctx.uow)
    return digest(ctx.t, params)
