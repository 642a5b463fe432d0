"""Long texts are split within the channel limits, never inside a tag, marker or entity."""

from __future__ import annotations

import random
import re

import pytest

from bots.delivery.split import split_paragraphs, utf16_length
from bots.slack import blocks
from bots.telegram import render
from core.interactions.model import Button, Reply, Span, bold, code, italic, link
from tests.fakes.telegram_api import html_problems

WORDS = ["soil", "carbon", "<b>", "a&b", "&amp;", "4‰", "😀", "x" * 70, "\n", "«élevé»", "<", ">"]


def random_reply(seed: int) -> Reply:
    pick = random.Random(seed)
    reply = Reply()
    for _ in range(pick.randint(1, 12)):
        spans: list[Span | str] = []
        for _ in range(pick.randint(1, 6)):
            text = " ".join(pick.choice(WORDS) for _ in range(pick.randint(1, 400)))
            style = pick.choice(
                [Span, bold, italic, code, lambda t: link(t, "https://4p1000.org/?a=1&b=<2>")]
            )
            spans.append(style(text))
        reply.add(*spans)
    return reply


def visible(html: str) -> str:
    text = re.sub(r"<[^>]+>", "", html)
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("seed", range(40))
def test_telegram_parts_fit_parse_and_keep_every_character(seed: int) -> None:
    reply = random_reply(seed)
    parts = render.render_reply(reply, limit=500)
    for part in parts:
        assert utf16_length(part.text) <= 500
        assert html_problems(part.text) == [], part.text
    assert squash("".join(visible(p.text) for p in parts)) == squash(reply.plain_text)


def test_a_single_long_word_is_cut_between_characters_not_inside_an_entity() -> None:
    reply = Reply().add(bold("&" * 3000))
    parts = render.render_reply(reply, limit=100)
    assert all(p.text.startswith("<b>") and p.text.endswith("</b>") for p in parts)
    assert all(html_problems(p.text) == [] for p in parts)
    assert "".join(visible(p.text) for p in parts) == "&" * 3000


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraphs = [(Span("a" * 60),), (Span("b" * 60),), (Span("c" * 60),)]
    chunks = split_paragraphs(paragraphs, lambda s: s.text, 130)
    assert chunks == ["a" * 60 + "\n\n" + "b" * 60, "c" * 60]


def test_the_keyboard_rides_on_the_last_telegram_part() -> None:
    reply = Reply().add("word " * 2000).button_row(Button("OK", "ok:1"))
    parts = render.render_reply(reply)
    assert len(parts) == 3
    assert [p.markup is not None for p in parts] == [False, False, True]


def test_telegram_counts_utf16_units() -> None:
    parts = render.render_reply(Reply().add("😀" * 3000))
    assert [utf16_length(p.text) for p in parts] == [4096, 1904]


@pytest.mark.parametrize("seed", range(20))
def test_slack_sections_fit_and_never_cut_an_entity(seed: int) -> None:
    reply = random_reply(seed)
    reply.paragraphs *= 8
    messages = blocks.render_reply(reply)
    for message in messages:
        assert len(message.blocks) <= blocks.MAX_BLOCKS
        assert len(message.text) <= blocks.MAX_FALLBACK
        for block in message.blocks:
            text = block["text"]["text"]
            assert len(text) <= blocks.MAX_SECTION
            assert "<" not in re.sub(r"<https://[^|>]+\|[^>]*>", "", text)
            assert not re.search(r"&(?!amp;|lt;|gt;)", text)
        assert not re.search(r"&[a-z]*$", message.text.rstrip("…"))


def test_slack_escapes_control_characters_and_renders_styles() -> None:
    reply = Reply().add("a <@U1> & ", bold("b"), " ", link("c|d", "https://x.org/?q=1&r=2"))
    [message] = blocks.render_reply(reply)
    assert message.blocks[0]["text"]["text"] == (
        "a &lt;@U1&gt; &amp; *b* <https://x.org/?q=1&amp;r=2|c¦d>"
    )
