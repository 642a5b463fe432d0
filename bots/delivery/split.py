"""Split a long reply into messages at safe boundaries, within a channel's size limit.

Splitting happens on the neutral spans, before markup: every piece of a span is rendered on
its own (a bold run cut in two is bold in both messages), so a cut can never fall inside an
HTML tag, a mrkdwn marker or an entity such as `&amp;`. Paragraph breaks are preferred, then
line breaks, then spaces; a run without any is cut between characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.interactions.model import Paragraph, Span


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_paragraphs(
    paragraphs: Sequence[Paragraph],
    render: Callable[[Span], str],
    limit: int,
    *,
    measure: Callable[[str], int] = len,
    separator: str = "\n\n",
) -> list[str]:
    """Render `paragraphs` into as few chunks as fit, each at most `limit` long."""
    chunks: list[str] = []
    current = ""

    def room(extra: str, glue: str) -> bool:
        return measure(current + (glue if current else "") + extra) <= limit

    def flush() -> None:
        nonlocal current
        if current:
            chunks.append(current)
        current = ""

    for paragraph in paragraphs:
        whole = "".join(render(span) for span in paragraph)
        if room(whole, separator):
            current = current + separator + whole if current else whole
            continue
        flush()
        if measure(whole) <= limit:
            current = whole
            continue
        for span in paragraph:
            rest = span
            while rest.text:
                rendered = render(rest)
                if room(rendered, ""):
                    current += rendered
                    break
                piece, rest = _cut(rest, render, limit - measure(current), measure)
                if piece is None:
                    if not current:  # not even one character fits: drop the markup
                        piece, rest = _cut(Span(rest.text), render, limit, measure)
                        if piece is None:  # a plain span always yields a piece
                            raise AssertionError("a plain span gave no piece")
                    else:
                        flush()
                        continue
                current += piece
                flush()
    flush()
    return chunks


def _cut(
    span: Span, render: Callable[[Span], str], space: int, measure: Callable[[str], int]
) -> tuple[str | None, Span]:
    """The longest rendered head of `span` that fits in `space`, and the span's remainder."""
    text = span.text
    low, high = 0, len(text)
    while low < high:  # largest n with render(text[:n]) fitting
        middle = (low + high + 1) // 2
        if measure(render(Span(text[:middle], span.style, span.url))) <= space:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return None, span
    cut = low
    if low < len(text):
        for boundary in ("\n", " "):
            at = text.rfind(boundary, 0, low)
            if at >= low // 2:
                cut = at + 1
                break
    head, tail = text[:cut].rstrip(), text[cut:]
    if not head:
        head, tail = text[:low], text[low:]
    return render(Span(head, span.style, span.url)), Span(tail, span.style, span.url)
