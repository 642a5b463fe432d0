"""/practices: search, filters, pages and practice sheets."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.domain.errors import N_
from core.interactions.context import Context
from core.interactions.features import search_cards
from core.interactions.features.search_views import (
    as_int,
    button_data,
    from_short,
    numbered_list,
    practice_line,
    short_code,
)
from core.interactions.model import Button, Reply, bold, code, say
from core.interactions.questions_view import with_answers
from core.interactions.registry import button, command, command_word
from core.search.catalog_index import PracticeEntry
from core.search.vocabulary import PRACTICE_CATEGORIES
from core.services import live_catalog, practices, question_search
from core.services.lookup import Page
from core.services.practices import PracticeFilters


@command(
    "practices",
    N_("Find practices (typos and any language welcome)"),
    usage=N_("agroforestry zone:semi-arid"),
    order=10,
)
async def practices_command(ctx: Context, args: str) -> Reply:
    """Search practices; with no words, explain and offer the categories."""
    words, filters = await practices.parse_query(args, ctx.uow)
    if not words and not filters:
        return practices_help(ctx)
    found = await question_search.find_answers(words, ctx.uow, limit=2) if words else []
    return with_answers(ctx.t, found, await practice_results(ctx, words, filters, 0))


def practices_help(ctx: Context) -> Reply:
    t = ctx.t
    reply = say(t("Type what you are looking for, in French, English or Spanish, for example:"))
    command_ = "/" + command_word("practices", t.language)
    example, filtered = t("agroforestry"), t("compost zone:semi-arid region:west-africa")
    reply.add(code(f"{command_} {example}"), "  ", code(f"{command_} semis direct"))
    reply.add(t("Narrow it down with zone:, region: or category:, for example:"))
    reply.add(code(f"{command_} {filtered}"))
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
    current = await live_catalog.catalog(ctx.uow)
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
    return _results(ctx, words, filters, found)


async def question_results(ctx: Context, question: str) -> Reply | None:
    """Practices for a question typed as plain text; None when no meaningful word matches."""
    filters = PracticeFilters(None, None, None)
    found = await practices.search_practices(question, filters, 0, ctx.t.language, ctx.uow)
    return _results(ctx, question, filters, found) if found.total else None


def _results(
    ctx: Context, words: str, filters: PracticeFilters, found: Page[PracticeEntry]
) -> Reply:
    t = ctx.t
    title = t(
        "Practices {first}–{last} of {total}:",
        first=found.first,
        last=found.first + len(found.items) - 1,
        total=found.total,
    )
    head = say(bold(title))
    if found.partial:
        head = say(
            t("No practice matches all of “{query}”; the best partial matches:", query=words[:60])
        ).add(bold(title))
    prefix = f"pp:{{page}}:{_encode(filters)}:"
    return numbered_list(
        head,
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
    return await practice_results(ctx, words, await _decode(ctx, filters), as_int(page))


@button("pc")
async def practice_button(ctx: Context, args: list[str]) -> Reply:
    """Open a practice sheet."""
    practice = await practices.get_practice(as_int(args[0] if args else ""), ctx.uow)
    reference = (await live_catalog.catalog(ctx.uow)).reference
    return search_cards.practice_card(ctx.t, practice, reference)
