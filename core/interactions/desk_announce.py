"""The Secretariat's announcement where forms open: its choices, and the texts it queues."""

from __future__ import annotations

from typing import Any

from core.domain.people import CAN_MODERATE, Role
from core.i18n import LANGUAGES
from core.interactions.context import Context
from core.interactions.labels import label
from core.interactions.model import Reply, say
from core.interactions.region_labels import region_labels
from core.services import announcements

FORM = "desk_announce"
EVERYONE = "all"


def text_field(language: str) -> str:
    """The form's field holding the text in `language` ('fr' -> 'text_fr')."""
    return f"text_{language}"


async def choices(ctx: Context) -> dict[str, Any]:
    """Who an announcement can go to and the regions, named in the actor's language."""
    ctx.actor.require(CAN_MODERATE)
    t = ctx.t
    audiences = [(t("Everyone"), EVERYONE)]
    for role in Role:
        if role != Role.FRIEND:  # a friend's announcement is everyone's
            named = label(t, role)
            audiences.append((named[:1].upper() + named[1:], role.value))
    regions = await region_labels(t, ctx.uow)
    return {
        "audiences": [list(choice) for choice in audiences],
        "regions": [[name, code] for code, name in regions.items()],
    }


def typed_texts(values: dict[str, str]) -> dict[str, str]:
    """The texts typed in the form, by language (the empty ones left out)."""
    texts = {lang: values.get(text_field(lang), "").strip() for lang in LANGUAGES}
    return {lang: text for lang, text in texts.items() if text}


def nothing_typed(ctx: Context, command: str) -> Reply:
    """The refusal of a form sent without any text: what to do, nothing sent."""
    return say(
        ctx.t(
            "Nothing was sent: write the announcement in at least one language "
            "(French, English or Spanish). Open the form again with {command}.",
            command=command,
        )
    )


async def announce_from_form(ctx: Context, values: dict[str, str], texts: dict[str, str]) -> Reply:
    """Queue the texts for the audience chosen in the form; say how many were queued."""
    ctx.actor.require(CAN_MODERATE)
    t = ctx.t
    done = await announcements.announce(
        values.get("to") or EVERYONE,
        texts,
        ctx.uow,
        region=values.get("region") or None,
    )
    reply = say(
        t.plural(
            "Announcement queued for {count} person.",
            "Announcement queued for {count} people.",
            done.queued,
        )
    )
    if done.already:
        reply.add(
            t.plural(
                "{count} person already had it (not sent again).",
                "{count} people already had it (not sent again).",
                done.already,
            )
        )
    return reply
