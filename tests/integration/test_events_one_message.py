"""/events is one message with its buttons, within Telegram's limits, paged beyond five."""

from __future__ import annotations

from datetime import datetime

from bots.telegram.render import render_reply
from core.bootstrap import Hub
from core.interactions.model import ButtonPress
from tests.factories import console, say
from tests.integration.event_helpers import event, person, utc

NOW = utc(2026, 11, 2, 9, 0)


async def test_five_events_and_more_are_one_message_with_their_buttons(hub: Hub) -> None:
    hub.clock = lambda: NOW
    for day in range(3, 10):
        await event(hub, datetime(2026, 11, day, 14, 0), "UTC", now=NOW, title=f"Webinar {day}")
    await person(hub, "ama", "UTC")
    [page] = await say(hub, console("ama"), "/events")
    assert "Webinar 3" in page.plain_text
    assert "Webinar 7" in page.plain_text
    assert "Webinar 8" not in page.plain_text
    labels = [b.label for row in page.buttons for b in row]
    assert sum(1 for label in labels if label.startswith("#")) == 5 * 4  # 3 answers + calendar
    assert len(labels) <= 100
    messages = render_reply(page)
    assert len(messages) == 1
    assert len(messages[0].text) <= 4096
    more = page.buttons[-1][0].data
    [next_page] = await say(hub, console("ama"), ButtonPress(more))
    assert "Webinar 8" in next_page.plain_text
    assert "Webinar 9" in next_page.plain_text
