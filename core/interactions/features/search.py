"""Plain text that is clearly a search: practices and partners at once, or "near X"."""

from __future__ import annotations

import re

from core.interactions.context import Context
from core.interactions.dispatch import input_handler
from core.interactions.features.search_partners import near_results
from core.interactions.features.search_practices import question_results
from core.interactions.features.search_views import (
    button_data,
    fit,
    partner_line,
    practice_line,
)
from core.interactions.model import Button, Input, Reply, Text, bold
from core.services import live_catalog, partners

MAX_QUESTION = 300  # characters; longer plain text is no search
_NEAR = re.compile(
    r"^(?:(?:partners?|partenaires?|socios?)\s+)?(?:near|close to|around|près de|pres de|"
    r"autour de|cerca de|cerca del?)\s+(.+)$",
    re.IGNORECASE,
)


@input_handler(90)
async def plain_search(ctx: Context, message: Input) -> Reply | None:
    """Short text that names practices or partners: answer it as a search."""
    if not isinstance(message, Text) or not 2 <= len(message.text) <= MAX_QUESTION:
        return None
    text = message.text.strip()
    if near := _NEAR.match(text):
        place = await partners.locate(near.group(1))
        return await near_results(ctx, place.latitude, place.longitude, 0, place.name)
    found = await live_catalog.quick_search(text, ctx.uow) if len(text.split()) <= 6 else None
    if found is None:  # no name fits: a question, practices ranked by all it says
        return await question_results(ctx, text)
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
