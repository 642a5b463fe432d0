"""One message per list: pack a page of items that fits a channel's limits, with a More button.

A list (the queue, applications, drafts...) is one message with its buttons. The page holds
as many of the fetched items as fit in Telegram's 4096 characters, measured as the HTML the
Telegram renderer writes, and its 100 buttons; the More button starts at the first item left
out, so nothing is skipped and the renderer never has to split a list.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.interactions.model import MAX_BUTTON_DATA, Button, Paragraph, Reply, Span

MAX_CHARS = 4096  # Telegram's message limit, in UTF-16 units of the rendered HTML
MAX_BUTTONS = 100  # Telegram's inline keyboard limit
_TAG_COST = {"bold": 7, "italic": 7, "code": 13}  # <b></b>, <i></i>, <code></code>


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def span_length(span: Span) -> int:
    """The UTF-16 length of a span once rendered to Telegram HTML (as bots/telegram renders)."""
    text = _utf16(html.escape(span.text, quote=False))
    if span.style == "link" and span.url:
        return text + _utf16(html.escape(span.url, quote=True)) + 15  # <a href=""></a>
    return text + _TAG_COST.get(span.style, 0)


def rendered_length(paragraphs: Sequence[Paragraph]) -> int:
    """The rendered length of paragraphs joined by blank lines."""
    lengths = [sum(span_length(s) for s in para) for para in paragraphs]
    return sum(lengths) + 2 * max(0, len(lengths) - 1)


@dataclass(frozen=True)
class Packed:
    reply: Reply
    count: int  # how many items the page holds


def pack(
    head: Reply,
    items: Sequence[Reply],
    *,
    offset: int,
    total: int,
    more: Callable[[int], Button] | None,
    tail: Sequence[Paragraph] = (),
    max_chars: int = MAX_CHARS,
    max_buttons: int = MAX_BUTTONS,
) -> Packed:
    """`head` then the items that fit, then `tail`; a More button for what is left.

    `items` are the list's entries from `offset` on (each its paragraphs and button rows);
    `total` is how many the whole list has; `more(next_offset)` makes the More button.
    """
    page = Reply(paragraphs=list(head.paragraphs), buttons=[list(r) for r in head.buttons])
    reserve_buttons = 1 if more is not None else 0
    used = rendered_length([*page.paragraphs, *tail])
    buttons = sum(len(row) for row in page.buttons)
    count = 0
    for item in items:
        size = rendered_length(item.paragraphs) + 2 * len(item.paragraphs)
        extra = sum(len(row) for row in item.buttons)
        fits = used + size <= max_chars and buttons + extra + reserve_buttons <= max_buttons
        if count and not fits:
            break
        page.paragraphs.extend(item.paragraphs)
        page.buttons.extend(list(row) for row in item.buttons)
        used, buttons, count = used + size, buttons + extra, count + 1
    page.paragraphs.extend(tail)
    if more is not None and offset + count < total:
        page.button_row(more(offset + count))
    return Packed(page, count)


def clipped(prefix: str, words: str) -> str:
    """`prefix` + `words` (no colons), cut at a word so the button data fits 64 bytes."""
    kept = words.replace(":", " ").split()
    while kept and len((prefix + " ".join(kept)).encode()) > MAX_BUTTON_DATA:
        kept.pop()
    return prefix + " ".join(kept)
