"""How newsletter items and digests read: plain spans (markup in items is shown, never run)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date

from core.domain.errors import N_
from core.domain.kinds import Frequency, Rubric
from core.i18n import Translator
from core.interactions.model import Reply, Span, bold, italic, say
from core.interactions.notifications import notification
from core.interactions.questions_view import add_answered

RUBRICS: dict[str, str] = {
    Rubric.NEWS: N_("News"),
    Rubric.SUCCESS_STORY: N_("Success stories"),
    Rubric.KEY_FIGURE: N_("Key figures"),
    Rubric.PRACTICE_SHEET: N_("Practice sheets"),
    Rubric.EVENT: N_("Events"),
    Rubric.PRESS_REVIEW: N_("Press review"),
}

FREQUENCIES: dict[str, str] = {Frequency.WEEKLY: N_("weekly"), Frequency.MONTHLY: N_("monthly")}


def rubric_name(t: Translator, rubric: str) -> str:
    return t(RUBRICS[rubric]) if rubric in RUBRICS else rubric


def fallback_note(t: Translator, fallback: str | None) -> list[Span]:
    """Say plainly that an item is shown in another language."""
    if not fallback:
        return []
    return [
        Span(" "),
        italic(t("[in {language}: not translated yet]", language=t.language_name(fallback))),
    ]


def add_item(reply: Reply, t: Translator, item: dict[str, Any], *, dated: bool = False) -> None:
    reply.add(bold(str(item["title"])), *fallback_note(t, item.get("fallback")))
    if item.get("text"):
        reply.add(str(item["text"]))
    if dated and item.get("published_at"):
        reply.add(italic(t.date(datetime.fromisoformat(item["published_at"]))))


def period_name(t: Translator, frequency: str, period: str) -> str:
    """'2026-W47' -> 'week of Monday 16 November 2026'; '2026-11' -> 'November 2026'."""
    try:
        if frequency == Frequency.WEEKLY:
            year, week = period.split("-W")
            monday = date.fromisocalendar(int(year), int(week), 1)
            return t("week of {date}", date=format_date(monday, "long", locale=t.language))
        year, month = period.split("-")
        return format_date(date(int(year), int(month), 1), "LLLL y", locale=t.language)
    except ValueError:
        return period


@notification("newsletter.digest")
def digest(reader: Translator, params: dict[str, Any]) -> Reply:
    """A digest, in the subscription's language, dates in the reader's zone."""
    t = Translator(str(params.get("language") or reader.language), reader.zone.key)
    frequency = str(params.get("frequency", Frequency.WEEKLY))
    reply = say(
        bold(
            t(
                "4 per 1000 newsletter — {period}",
                period=period_name(t, frequency, str(params.get("period", ""))),
            )
        )
    )
    for section in params.get("sections", []):
        reply.add(bold(rubric_name(t, section["rubric"]).upper()))
        for item in section["items"]:
            add_item(reply, t, item)
    events = params.get("events") or []
    if events:
        reply.add(bold(t("Upcoming events").upper()))
        for event in events:
            when = t.when(datetime.fromisoformat(event["starts_at"]))
            where = event.get("place") or (t("online") if event.get("online") else "")
            reply.add(
                bold(str(event["title"])),
                *fallback_note(t, event.get("fallback")),
                Span(f" — {when}" + (f", {where}" if where else "")),
            )
    add_answered(reply, t, params.get("questions") or [])
    reply.add(
        italic(
            t(
                "You receive this {frequency} digest because you subscribed to it. "
                "To stop it, send STOP or /unsubscribe.",
                frequency=t(FREQUENCIES.get(frequency, frequency)),
            )
        )
    )
    return reply
