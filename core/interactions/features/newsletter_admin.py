"""For the Secretariat in the chat: draft items to publish, and the missing-translation queue."""

from __future__ import annotations

from core.domain.errors import N_
from core.domain.kinds import PublicationStatus
from core.domain.people import CAN_MODERATE
from core.interactions.context import Context
from core.interactions.features.newsletter_render import rubric_name
from core.interactions.features.questions_translate import gap_entry
from core.interactions.model import Button, Reply, bold, say
from core.interactions.paging import pack
from core.interactions.registry import button, command
from core.services import newsletter, question_translations

PAGE = 10


@command("drafts", N_("Newsletter drafts to publish"), order=60, roles=CAN_MODERATE)
async def drafts(ctx: Context, args: str) -> Reply:
    """List draft items, each with a button to publish it."""
    return await _drafts_page(ctx, 0)


@button("nld")
async def more_drafts(ctx: Context, args: list[str]) -> Reply:
    """Show the next page of drafts."""
    return await _drafts_page(ctx, _offset(args))


async def _drafts_page(ctx: Context, offset: int) -> Reply:
    t = ctx.t
    ctx.actor.require(CAN_MODERATE)
    items = await newsletter.list_items(
        ctx.uow, status=PublicationStatus.DRAFT, limit=PAGE + 1, offset=offset
    )
    if not items:
        return say(t("No newsletter draft is waiting."))
    entries = []
    for item in items[:PAGE]:
        title = t.pick(item.title)[0]
        languages = ", ".join(sorted(lang for lang in item.title if item.title[lang]))
        entry = say(f"#{item.id} · {rubric_name(t, item.rubric)} · [{languages}] ", bold(title))
        entries.append(entry.button_row(Button(t("Publish #{id}", id=item.id), f"nlpub:{item.id}")))

    def more(start: int) -> Button:
        return Button(t("More"), f"nld:{start}")

    head = say(bold(t("Newsletter drafts")))
    return pack(head, entries, offset=offset, total=offset + len(items), more=more).reply


def _offset(args: list[str]) -> int:
    return int(args[0]) if args and args[0].isdigit() else 0


@button("nlpub")
async def publish(ctx: Context, args: list[str]) -> Reply:
    """Publish one draft (the service checks the role)."""
    item_id = int(args[0]) if args and args[0].isdigit() else 0
    item = await newsletter.publish_item(ctx.actor, item_id, ctx.hub.now(), ctx.uow)
    return say(ctx.t("Item #{id} is published: it goes into the next digests.", id=item.id))


@command(
    "translations",
    N_("Newsletter items and answers missing a translation"),
    order=61,
    roles=CAN_MODERATE,
)
async def translations(ctx: Context, args: str) -> Reply:
    """Show the missing-translation queue."""
    return await _translations_page(ctx, 0)


@button("nlt")
async def more_translations(ctx: Context, args: list[str]) -> Reply:
    """Show the next page of the missing-translation queue."""
    return await _translations_page(ctx, _offset(args))


async def _translations_page(ctx: Context, offset: int) -> Reply:
    t = ctx.t
    ctx.actor.require(CAN_MODERATE)
    queue = await newsletter.missing_translations(ctx.uow)
    answered = await question_translations.missing_question_translations(ctx.uow)
    if not queue and not answered:
        return say(t("Every newsletter item and Q&A entry is in French, English and Spanish."))
    entries = []
    for entry in queue:
        missing = ", ".join(t.language_name(lang) for lang in entry.missing)
        entries.append(
            say(
                f"#{entry.item_id} ",
                bold(entry.title),
                " — ",
                t("missing: {languages}", languages=missing),
            )
        )
    entries += [gap_entry(t, gap) for gap in answered]  # answers owed to askers, Q&A entries

    def more(start: int) -> Button:
        return Button(t("More"), f"nlt:{start}")

    head = say(bold(t("Missing translations")))
    page = entries[offset : offset + 2 * PAGE]
    return pack(head, page, offset=offset, total=len(entries), more=more).reply
