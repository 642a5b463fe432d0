"""How catalog results look: numbered lists with paging buttons, and fitting channel limits."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from babel.numbers import format_decimal

from core.i18n import Translator
from core.interactions.labels import register_labels
from core.interactions.model import MAX_BUTTON_DATA, Button, Reply, Span, bold
from core.search.catalog_index import PartnerEntry, PracticeEntry, name_of
from core.search.places import country_names
from core.search.text import fold
from core.search.vocabulary import PARTNER_CATEGORIES, PRACTICE_CATEGORIES
from core.services.lookup import Page

T = TypeVar("T")

MAX_REPLY_CHARS = 3500  # under Telegram's 4096 and Slack's section limits, with room for markup
MAX_TEXT_CHARS = 900

register_labels(PRACTICE_CATEGORIES)
register_labels(PARTNER_CATEGORIES)


def short_code(code: str) -> str:
    """A 4-character stand-in for a zone/region/category code inside button data."""
    return format(zlib.crc32(code.encode()) & 0xFFFF, "04x")


def from_short(short: str, codes: Iterable[str]) -> str | None:
    return next((code for code in codes if short_code(code) == short), None)


def button_data(prefix: str, query: str) -> str:
    """`prefix` + the folded query, cut at a word so the data fits the 64-byte limit."""
    words = fold(query).split()
    while words and len((prefix + " ".join(words)).encode()) > MAX_BUTTON_DATA:
        words.pop()
    return prefix + " ".join(words)


def clip(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def fallback_note(t: Translator, language: str | None) -> Span:
    """Say plainly that a text is shown in another language."""
    if language is None:
        return Span("")
    return Span(
        " " + t("(in {language}: no translation yet)", language=t.language_name(language)),
        "italic",
    )


def practice_line(t: Translator, entry: PracticeEntry) -> list[Span | str]:
    name, other = t.pick(entry.names)
    category = PRACTICE_CATEGORIES.get(entry.category)
    label = f" — {t(category)}" if category else ""
    return [bold(name or entry.slug), label, fallback_note(t, other)]


def partner_line(t: Translator, entry: PartnerEntry) -> list[Span | str]:
    acronym = f" ({entry.acronym})" if entry.acronym and entry.acronym != entry.name else ""
    country = name_of(country_names(entry.country), t.language)
    status = t("member") if entry.is_member else t("partner")
    return [bold(entry.name + acronym), f" — {country}, {status}" if country else f" — {status}"]


def kilometres(t: Translator, km: float) -> str:
    return t("{distance} km", distance=format_decimal(round(km), locale=t.language))


def numbered_list(
    reply: Reply,
    page: Page[T],
    line: Callable[[T], list[Span | str]],
    open_data: Callable[[T], str],
    turn_data: Callable[[int], str],
    t: Translator,
) -> Reply:
    """Add the page's items as `n. ...`, a button per item and Previous/Next buttons."""
    openers = []
    for offset, item in enumerate(page.items):
        number = page.first + offset
        reply.add(f"{number}. ", *line(item))
        openers.append(Button(str(number), open_data(item)))
    if openers:
        reply.button_row(*openers)
    turns = []
    if page.has_previous:
        turns.append(Button("◀ " + t("Previous"), turn_data(page.number - 1)))
    if page.has_next:
        turns.append(Button(t("Next") + " ▶", turn_data(page.number + 1)))
    if turns:
        reply.button_row(*turns)
    return fit(reply)


def fit(reply: Reply, limit: int = MAX_REPLY_CHARS) -> Reply:
    """Cut a reply so its text stays under the channel limits (the last kept text ends in …)."""
    used = 0
    kept: list[tuple[Span, ...]] = []
    for paragraph in reply.paragraphs:
        size = sum(len(span.text) for span in paragraph) + 2
        if used + size <= limit:
            kept.append(paragraph)
            used += size
            continue
        room = limit - used - 3
        spans: list[Span] = []
        for span in paragraph:
            if room <= 0:
                break
            text = span.text if len(span.text) <= room else span.text[:room] + "…"
            spans.append(Span(text, span.style, span.url))
            room -= len(text)
        if spans:
            kept.append(tuple(spans))
        break
    reply.paragraphs = kept
    return reply


def as_int(text: str) -> int:
    """A number from button data; -1 (found by nobody) when it is not one."""
    try:
        return int(text)
    except ValueError:
        return -1
