"""Newsletter rules: digest periods and send times, item filters, the STOP words."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.domain.kinds import Frequency, Rubric

# The order rubrics appear in a digest.
RUBRIC_ORDER: tuple[Rubric, ...] = (
    Rubric.NEWS,
    Rubric.SUCCESS_STORY,
    Rubric.KEY_FIGURE,
    Rubric.PRACTICE_SHEET,
    Rubric.EVENT,
    Rubric.PRESS_REVIEW,
)

# A digest leaves at this local hour: Monday for weekly ones, the 1st for monthly ones.
SEND_HOUR = time(8, 0)

# How far ahead a digest looks for upcoming events.
EVENTS_AHEAD = {Frequency.WEEKLY: timedelta(days=21), Frequency.MONTHLY: timedelta(days=42)}

# The plain words that end every newsletter send (SMS-style), compared without accents/case.
STOP_WORDS = frozenset(
    {"stop", "unsubscribe", "arret", "arreter", "desabonner", "alto", "parar", "baja", "detener"}
)

MAX_TITLE = 200
MAX_BODY = 5_000
EXCERPT = 400


def is_stop_word(text: str) -> bool:
    """True for `STOP`, `Arrêt`, `alto!` and friends (the whole message, nothing else)."""
    folded = unicodedata.normalize("NFKD", text.strip().strip(".!¡").casefold())
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    return bare in STOP_WORDS


@dataclass(frozen=True)
class Period:
    """One digest period of one subscriber: its label and the instant it is sent (UTC)."""

    label: str
    send_at: datetime
    previous_send_at: datetime


def _weekly_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _send_instant(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, SEND_HOUR, zone).astimezone(ZoneInfo("UTC"))


def _month_start(day: date, back: int = 0) -> date:
    month_index = day.year * 12 + day.month - 1 - back
    return date(month_index // 12, month_index % 12 + 1, 1)


def current_period(frequency: Frequency, now: datetime, zone: ZoneInfo) -> Period:
    """The latest period whose local send time (Monday/1st, 08:00) is not after `now`."""
    today = now.astimezone(zone).date()
    if frequency is Frequency.WEEKLY:
        start = _weekly_start(today)
        if _send_instant(start, zone) > now:
            start -= timedelta(days=7)
        year, week, _ = start.isocalendar()
        previous = start - timedelta(days=7)
        return Period(
            f"{year}-W{week:02d}", _send_instant(start, zone), _send_instant(previous, zone)
        )
    start = _month_start(today)
    if _send_instant(start, zone) > now:
        start = _month_start(today, back=1)
    previous = _month_start(start, back=1)
    return Period(
        f"{start.year}-{start.month:02d}", _send_instant(start, zone), _send_instant(previous, zone)
    )


def next_period(frequency: Frequency, now: datetime, zone: ZoneInfo) -> Period:
    """The first period sent after `now` (for previews)."""
    ahead = timedelta(days=8) if frequency is Frequency.WEEKLY else timedelta(days=32)
    period = current_period(frequency, now + ahead, zone)
    while period.previous_send_at > now:
        period = current_period(frequency, period.previous_send_at, zone)
    return period


# A subscriber can only be due again this long after their last digest (DST and zones aside).
MIN_GAP = {Frequency.WEEKLY: timedelta(days=6), Frequency.MONTHLY: timedelta(days=27)}


def matches(
    rubric: str, region: str | None, topics: frozenset[str], regions: frozenset[str]
) -> bool:
    """Does an item fit a subscriber's choice? Empty choices mean everything;
    items for no particular region (worldwide) reach every region filter."""
    if topics and rubric not in topics:
        return False
    return not regions or region is None or region in regions
