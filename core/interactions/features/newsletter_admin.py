"""For the Secretariat in the chat: draft items to publish, and the missing-translation queue."""

from __future__ import annotations

from core.domain.errors import N_
from core.domain.kinds import PublicationStatus
from core.domain.people import CAN_MODERATE
from core.interactions.context import Context
from core.interactions.features.newsletter_render import rubric_name
from core.interactions.model import Button, Reply, bold, say
from core.interactions.registry import button, command
from core.services import newsletter


@command("drafts", N_("Newsletter drafts to publish"), order=60, roles=CAN_MODERATE)
async def drafts(ctx: Context, args: str) -> Reply:
    """List draft items, each with a button to publish it."""
    t = ctx.t
    items = await newsletter.list_items(ctx.uow, status=PublicationStatus.DRAFT, limit=10)
    if not items:
        return say(t("No newsletter draft is waiting."))
    reply = say(bold(t("Newsletter drafts")))
    for item in items:
        title = t.pick(item.title)[0]
        languages = ", ".join(sorted(lang for lang in item.title if item.title[lang]))
        reply.add(f"#{item.id} · {rubric_name(t, item.rubric)} · [{languages}] ", bold(title))
        reply.button_row(Button(t("Publish #{id}", id=item.id), f"nlpub:{item.id}"))
    return reply


@button("nlpub")
async def publish(ctx: Context, args: list[str]) -> Reply:
    """Publish one draft (the service checks the role)."""
    item_id = int(args[0]) if args and args[0].isdigit() else 0
    item = await newsletter.publish_item(ctx.actor, item_id, ctx.hub.now(), ctx.uow)
    return say(ctx.t("Item #{id} is published: it goes into the next digests.", id=item.id))


@command("translations", N_("Newsletter items missing a translation"), order=61, roles=CAN_MODERATE)
async def translations(ctx: Context, args: str) -> Reply:
    """Show the missing-translation queue."""
    t = ctx.t
    queue = await newsletter.missing_translations(ctx.uow)
    if not queue:
        return say(t("Every newsletter item is in French, English and Spanish."))
    reply = say(bold(t("Missing translations")))
    for entry in queue[:20]:
        missing = ", ".join(t.language_name(lang) for lang in entry.missing)
        reply.add(
            f"#{entry.item_id} ",
            bold(entry.title),
            " — ",
            t("missing: {languages}", languages=missing),
        )
    return reply
