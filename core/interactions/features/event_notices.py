"""Messages sent later about events: reminders, moves and cancellations (read at send time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_timedelta

from core.i18n import Translator
from core.interactions.event_cards import card, title_of
from core.interactions.model import Reply, bold, say
from core.interactions.notifications import notification


def _with_card(reply: Reply, t: Translator, params: dict[str, Any]) -> Reply:
    reply.paragraphs.extend(card(t, params))
    reply.add(t("Calendar file: /ics {number}", number=params["event_id"]))
    return reply


@notification("event-reminder")
def event_reminder(t: Translator, params: dict[str, Any]) -> Reply:
    """Remind a person of an event, with the time in their zone and the event's."""
    starts = datetime.fromisoformat(params["starts_at"])
    due = datetime.fromisoformat(params.get("due_at") or params["starts_at"])
    delay = format_timedelta(starts - due, locale=t.language, add_direction=True)
    reply = say(
        bold("⏰ " + t("Reminder: {title} starts {delay}.", title=title_of(t, params), delay=delay))
    )
    return _with_card(reply, t, params)


@notification("event-moved")
def event_moved(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell someone who answered that the event has a new date."""
    reply = say(bold("🔁 " + t("New date for {title}.", title=title_of(t, params))))
    return _with_card(reply, t, params)


@notification("event-cancelled")
def event_cancelled(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell someone who answered that the event is cancelled."""
    starts = datetime.fromisoformat(params["starts_at"])
    return say(
        bold("❌ " + t("Cancelled: {title}", title=title_of(t, params))),
        " ",
        t("It was planned for {when}.", when=t.when(starts)),
    )
