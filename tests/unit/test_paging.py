"""The shared paging helper: what fits in one Telegram message, and where More starts."""

from __future__ import annotations

from bots.telegram.render import render_reply
from core.interactions.model import Button, Reply, bold, say
from core.interactions.paging import clipped, pack, rendered_length


def _items(count: int, text: str, buttons: int = 1) -> list[Reply]:
    return [
        Reply()
        .add(bold(f"#{n}"), " ", text)
        .button_row(*(Button(f"{n}.{b}", f"x:{n}:{b}") for b in range(buttons)))
        for n in range(count)
    ]


def _more(start: int) -> Button:
    return Button("More", f"more:{start}")


def test_the_page_stops_at_4096_rendered_characters_and_more_starts_after() -> None:
    items = _items(40, "a & b < c " * 30)  # escaping makes the HTML longer than the text
    packed = pack(say("Head"), items, offset=0, total=40, more=_more)
    [message] = render_reply(packed.reply)
    assert len(message.text.encode("utf-16-le")) // 2 <= 4096
    assert rendered_length(packed.reply.paragraphs) == len(message.text)
    assert 1 < packed.count < 40
    assert packed.reply.buttons[-1] == [_more(packed.count)]


def test_the_page_stops_at_100_buttons() -> None:
    packed = pack(say("Head"), _items(40, "x", buttons=3), offset=20, total=60, more=_more)
    assert sum(len(row) for row in packed.reply.buttons) <= 100
    assert packed.count == 33
    assert packed.reply.buttons[-1][0].data == "more:53"


def test_no_more_button_at_the_end() -> None:
    packed = pack(say("Head"), _items(3, "x"), offset=57, total=60, more=_more)
    assert packed.count == 3
    assert all(not b.data.startswith("more:") for row in packed.reply.buttons for b in row)


def test_clipped_data_fits_64_bytes_without_colons() -> None:
    data = clipped("rq:10:", "news west-africa: " + "très long " * 20)
    assert len(data.encode()) <= 64
    assert data.count(":") == 2
