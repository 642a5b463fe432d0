"""Event rules: schedules, DST-safe local times, reminder instants, quiet hours, catch-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.domain.errors import InvalidInput
from core.domain.events import (
    check_offsets,
    check_schedule,
    due_instant,
    is_sendable,
    local_to_utc,
    parse_local,
    parse_offsets,
    plan,
)

PARIS, KOLKATA, LIMA = ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Kolkata"), ZoneInfo("America/Lima")
DAY, HOUR = 24 * 60, 60


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_local_times_across_both_paris_transitions() -> None:
    # 29 March 2026: clocks go forward at 02:00 (UTC+1 -> UTC+2).
    assert local_to_utc(datetime(2026, 3, 29, 10, 0), PARIS) == utc(2026, 3, 29, 8, 0)
    assert local_to_utc(datetime(2026, 3, 28, 10, 0), PARIS) == utc(2026, 3, 28, 9, 0)
    with pytest.raises(InvalidInput) as skipped:
        local_to_utc(datetime(2026, 3, 29, 2, 30), PARIS)
    assert "clocks change" in skipped.value.message
    # 25 October 2026: clocks go back at 03:00; 02:30 happens twice: the first is taken.
    assert local_to_utc(datetime(2026, 10, 25, 2, 30), PARIS) == utc(2026, 10, 25, 0, 30)
    assert local_to_utc(datetime(2026, 10, 25, 10, 0), PARIS) == utc(2026, 10, 25, 9, 0)


def test_a_day_before_is_the_same_wall_clock_time_only_when_no_clock_changes() -> None:
    # Reminders are instants: "1 day before" is 24 hours before, whatever the clocks do.
    start = local_to_utc(datetime(2026, 3, 29, 10, 0), PARIS)  # first day of summer time
    assert due_instant(start, DAY, PARIS) == utc(2026, 3, 28, 8, 0)  # 09:00 Paris the day before
    assert due_instant(start, HOUR, PARIS) == utc(2026, 3, 29, 7, 0)  # 09:00 Paris


def test_quiet_hours_move_reminders_to_the_evening_before() -> None:
    start = local_to_utc(datetime(2026, 6, 10, 7, 0), PARIS)  # 07:00 Paris
    # 1 day before is 07:00 Paris: night; moved to 21:00 Paris two evenings before the event.
    assert due_instant(start, DAY, PARIS) == local_to_utc(datetime(2026, 6, 8, 21, 0), PARIS)
    # 1 hour before is 06:00 but the event is imminent: sent anyway.
    assert due_instant(start, HOUR, PARIS) == start - timedelta(hours=1)
    # The same event for someone in Kolkata (10:30 there): nothing moves.
    assert due_instant(start, DAY, KOLKATA) == start - timedelta(days=1)
    # A 22:30 instant moves to 21:00 the same evening.
    late = local_to_utc(datetime(2026, 6, 11, 22, 30), PARIS)
    assert due_instant(late + timedelta(days=7), 7 * DAY, PARIS) == late - timedelta(minutes=90)


def test_quiet_hours_across_the_autumn_change_in_paris() -> None:
    # Event Sunday 25 Oct 2026 at 05:00 Paris (UTC+1 after the change at 03:00).
    start = local_to_utc(datetime(2026, 10, 25, 5, 0), PARIS)
    assert start == utc(2026, 10, 25, 4, 0)
    # The 1-day reminder would be 05:00 UTC+2 on the 24th (03:00 UTC): moved to 21:00 on the 23rd.
    assert due_instant(start, DAY, PARIS) == utc(2026, 10, 23, 19, 0)


def test_plan_deadlines_and_catch_up() -> None:
    start = local_to_utc(datetime(2026, 6, 10, 14, 0), PARIS)
    week, day, hour = plan(start, [10080, 1440, 60], PARIS)
    assert (week.offset, day.offset, hour.offset) == (10080, 1440, 60)
    assert week.deadline == day.due
    assert day.deadline == hour.due
    assert hour.deadline == start
    assert not is_sendable(week, week.due - timedelta(seconds=1), PARIS)
    assert is_sendable(week, week.due, PARIS)
    # Down for three days: the 7-day reminder is still sent (the next is not due yet)...
    assert is_sendable(week, week.due + timedelta(days=3), PARIS)
    # ... but not once the 1-day reminder is due: that one goes instead.
    assert not is_sendable(week, day.due, PARIS)
    assert is_sendable(day, day.due + timedelta(minutes=1), PARIS)
    # The last one: until the event starts, never after.
    assert is_sendable(hour, start - timedelta(seconds=1), PARIS)
    assert not is_sendable(hour, start, PARIS)


def test_a_late_reminder_waits_for_the_morning_unless_imminent() -> None:
    start = local_to_utc(datetime(2026, 6, 12, 14, 0), PARIS)
    week = plan(start, [10080, 1440, 60], PARIS)[0]
    night = local_to_utc(datetime(2026, 6, 5, 23, 30), PARIS)  # the 7-day one was due at 14:00
    assert not is_sendable(week, night, PARIS)
    assert is_sendable(week, local_to_utc(datetime(2026, 6, 6, 8, 0), PARIS), PARIS)
    # In Lima it is 16:30 at that instant: sent.
    assert is_sendable(plan(start, [10080], LIMA)[0], night, LIMA)


def test_kolkata_has_no_clock_changes() -> None:
    start = local_to_utc(datetime(2026, 3, 29, 9, 0), KOLKATA)
    assert start == utc(2026, 3, 29, 3, 30)
    assert due_instant(start, DAY, KOLKATA) == utc(2026, 3, 28, 3, 30)
    # 06:00 Kolkata is night there: moved to 21:00 Kolkata two evenings before.
    early = local_to_utc(datetime(2026, 10, 25, 6, 0), KOLKATA)
    assert due_instant(early, DAY, KOLKATA) == utc(2026, 10, 23, 15, 30)


def test_schedule_checks() -> None:
    now = utc(2026, 1, 1, 12, 0)
    with pytest.raises(InvalidInput, match="in the past"):
        check_schedule(now - timedelta(minutes=1), now + timedelta(hours=1), now)
    with pytest.raises(InvalidInput, match="after its start"):
        check_schedule(now + timedelta(hours=2), now + timedelta(hours=1), now)
    with pytest.raises(InvalidInput, match="31 days"):
        check_schedule(now + timedelta(hours=2), now + timedelta(days=40), now)
    check_schedule(now - timedelta(days=400), now - timedelta(days=399), now, allow_past=True)


def test_offsets_and_dates_are_parsed_or_refused_clearly() -> None:
    assert parse_offsets("7d, 1d, 1h") == [10080, 1440, 60]
    assert parse_offsets("30m;120") == [120, 30]
    assert parse_offsets("") == []
    assert check_offsets(None) == [10080, 1440, 60]
    for bad in ("2x", "1", "40d"):
        with pytest.raises(InvalidInput):
            parse_offsets(bad)
    assert parse_local("2026-03-01 14:30") == datetime(2026, 3, 1, 14, 30)
    assert parse_local("2026-03-01T14:30") == datetime(2026, 3, 1, 14, 30)
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_local("next tuesday")
