"""/follow and /unfollow: kinds of events and regions whose reminders a person wants."""

from __future__ import annotations

from core.domain.errors import N_
from core.interactions.context import Context
from core.interactions.event_cards import kind_label
from core.interactions.model import Reply, bold, code, say
from core.interactions.region_labels import region_label
from core.interactions.registry import command
from core.services import follows
from core.services.follows import Topic


async def topic_name(ctx: Context, topic: Topic) -> str:
    """`Bureau meeting`, `Europe`, `Bureau meeting · Europe`, or `every event`."""
    parts = []
    if topic.kind:
        parts.append(kind_label(ctx.t, topic.kind))
    if topic.region_code:
        parts.append(await region_label(ctx.t, topic.region_code, ctx.uow))
    return " · ".join(parts) or ctx.t("every event")


@command(
    "follow",
    N_("Follow a kind of event or a region (reminders)"),
    usage=N_("[bureau|europe|all]"),
    order=24,
)
async def follow(ctx: Context, args: str) -> Reply:
    """Follow a topic, or show what the person follows."""
    t = ctx.t
    if not args.strip():
        return await _current(ctx)
    topic = await follows.parse_topic(args, ctx.uow)
    name = await topic_name(ctx, topic)
    if not await follows.follow(ctx.actor.person_id, topic, ctx.uow):
        return say(t("You already follow {topic}.", topic=name))
    return say(
        t("You now follow {topic}: you will get reminders before these events.", topic=name),
        " ",
        t("/unfollow stops it."),
    )


@command(
    "unfollow",
    N_("Stop following a kind of event or a region"),
    usage=N_("bureau|europe|all"),
    order=25,
)
async def unfollow(ctx: Context, args: str) -> Reply:
    """Stop following a topic (all: every topic)."""
    t = ctx.t
    if not args.strip():
        return await _current(ctx)
    topic = await follows.parse_topic(args, ctx.uow)
    if not await follows.unfollow(ctx.actor.person_id, topic, ctx.uow):
        return say(t("You were not following {topic}.", topic=await topic_name(ctx, topic)))
    return say(t("You no longer follow {topic}.", topic=await topic_name(ctx, topic)))


async def _current(ctx: Context) -> Reply:
    t = ctx.t
    topics = await follows.follows_of(ctx.actor.person_id, ctx.uow)
    reply = say(bold(t("What you follow")))
    if not topics:
        reply.add(t("Nothing yet."))
    for topic in topics:
        reply.add("• ", await topic_name(ctx, topic))
    reply.add(
        t("Examples:"),
        " ",
        code("/follow bureau"),
        " ",
        code("/follow europe"),
        " ",
        code("/follow all"),
    )
    return reply
