"""Reminders derived at each tick: once each, at the right instants, across DST and downtime."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.bootstrap import Hub, bootstrap
from core.domain.people import Role
from core.services.event_changes import cancel_event, reschedule_event
from core.services.follows import Topic, unfollow
from tests.conftest import make_settings
from tests.integration.event_helpers import (
    SECRETARIAT,
    event,
    follows,
    outbox,
    person,
    region,
    rsvp,
    tick,
    utc,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(ZoneInfo("UTC"))


async def sweep(hub: Hub, start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    """Tick every `step` from `start` to `end`; return the instants when something was queued."""
    queued_at = []
    now = start
    while now <= end:
        if await tick(hub, now):
            queued_at.append(now)
        now += step
    return queued_at


async def test_each_reminder_once_even_when_ticks_repeat_or_race(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created)
    await rsvp(hub, amina, number, "going", created)
    week_due = paris(2026, 5, 13, 14, 0)
    assert await tick(hub, week_due - timedelta(minutes=1)) == 0
    assert await tick(hub, week_due) == 1
    assert await tick(hub, week_due) == 0
    assert await tick(hub, week_due + timedelta(minutes=1)) == 0
    day_due = paris(2026, 5, 19, 14, 0)
    results = await asyncio.gather(*(tick(hub, day_due) for _ in range(3)))
    assert sorted(results) == [0, 0, 1]
    rows = await outbox(hub)
    assert [(r["due"], r["params"]["offset"]) for r in rows] == [(week_due, 10080), (day_due, 1440)]


async def test_nothing_lost_or_doubled_across_a_restart(hub: Hub, database_url: str) -> None:
    created = utc(2026, 5, 1, 9, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created)
    await rsvp(hub, amina, number, "maybe", created)
    assert await tick(hub, paris(2026, 5, 13, 14, 0)) == 1
    restarted = bootstrap(make_settings(database_url))
    try:
        assert await tick(restarted, paris(2026, 5, 13, 14, 1)) == 0
        assert await tick(restarted, paris(2026, 5, 19, 14, 0)) == 1
    finally:
        await restarted.close()
    assert len(await outbox(hub)) == 2


async def test_catch_up_after_downtime_follows_the_policy(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    lucia = await person(hub, "lucia", "America/Lima")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created)
    for who in (amina, lucia):
        await rsvp(hub, who, number, "going", created)
    # Down from before the 7-day reminder until 23:30 Paris three days later (16:30 in Lima).
    assert await tick(hub, paris(2026, 5, 16, 23, 30)) == 1  # Lima only: night in Paris
    assert await tick(hub, paris(2026, 5, 17, 8, 0)) == 1  # Paris, in the morning
    # Down again across the 1-day reminder's instant: it is sent late, the 1-hour one on time.
    assert await tick(hub, paris(2026, 5, 19, 18, 0)) == 2
    # Down across the 1-hour instant until after the start: nothing stale is sent.
    assert await tick(hub, paris(2026, 5, 20, 14, 5)) == 0
    offsets = sorted((r["to"], r["params"]["offset"]) for r in await outbox(hub))
    assert offsets == [("amina", 1440), ("amina", 10080), ("lucia", 1440), ("lucia", 10080)]


async def test_a_missed_reminder_gives_way_to_the_next(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created)
    await rsvp(hub, amina, number, "going", created)
    assert await tick(hub, paris(2026, 5, 19, 14, 30)) == 1  # the 7-day one is skipped
    assert [r["params"]["offset"] for r in await outbox(hub)] == [1440]


async def test_spring_forward_in_paris(hub: Hub) -> None:
    # Clocks go forward on Sunday 29 March 2026; the event is the Monday after, 10:00 Paris.
    created = utc(2026, 3, 20, 12, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    priya = await person(hub, "priya", "Asia/Kolkata")
    number = await event(hub, datetime(2026, 3, 30, 10, 0), "Europe/Paris", now=created)
    for who in (amina, priya):
        await rsvp(hub, who, number, "going", created)
    start = utc(2026, 3, 30, 8, 0)
    queued_at = await sweep(hub, utc(2026, 3, 22, 12, 0), start, timedelta(minutes=30))
    rows = await outbox(hub)
    expected = {
        # 7 days before is 10:00 *winter* time in Paris (09:00 UTC); Kolkata 14:30.
        ("amina", 10080): utc(2026, 3, 23, 8, 0),
        ("priya", 10080): utc(2026, 3, 23, 8, 0),
        ("amina", 1440): utc(2026, 3, 29, 8, 0),  # 10:00 summer time, the day of the change
        ("priya", 1440): utc(2026, 3, 29, 8, 0),
        ("amina", 60): utc(2026, 3, 30, 7, 0),
        ("priya", 60): utc(2026, 3, 30, 7, 0),
    }
    assert {(r["to"], r["params"]["offset"]): r["due"] for r in rows} == expected
    assert set(queued_at) == set(expected.values())  # each queued at the first tick due


async def test_fall_back_in_paris_with_quiet_hours(hub: Hub) -> None:
    # Clocks go back at 03:00 on Sunday 25 October 2026; the event starts at 06:30 that day
    # (winter time, 05:30 UTC).
    created = utc(2026, 10, 10, 12, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    priya = await person(hub, "priya", "Asia/Kolkata")
    number = await event(hub, datetime(2026, 10, 25, 6, 30), "Europe/Paris", now=created)
    for who in (amina, priya):
        await rsvp(hub, who, number, "going", created)
    start = utc(2026, 10, 25, 5, 30)
    await sweep(hub, utc(2026, 10, 17, 12, 0), start, timedelta(minutes=30))
    due = {(r["to"], r["params"]["offset"]): r["due"] for r in await outbox(hub)}
    # Paris: 7 days and 1 day before fall at 07:30 summer time, at night: each moves to 21:00
    # the evening before (19:00 UTC, summer time). The 1-hour one (05:30 winter time) is
    # imminent and stays.
    assert due[("amina", 10080)] == paris(2026, 10, 17, 21, 0) == utc(2026, 10, 17, 19, 0)
    assert due[("amina", 1440)] == paris(2026, 10, 23, 21, 0) == utc(2026, 10, 23, 19, 0)
    assert due[("amina", 60)] == utc(2026, 10, 25, 4, 30)
    # Kolkata (no DST, 11:00 there): exactly 7 days, 1 day and 1 hour before.
    assert due[("priya", 10080)] == start - timedelta(days=7)
    assert due[("priya", 1440)] == start - timedelta(days=1)
    assert due[("priya", 60)] == start - timedelta(hours=1)


async def test_none_for_cancelled_events_and_those_who_answered_are_told(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    amina = await person(hub, "amina", "Europe/Paris", "fr")
    kofi = await person(hub, "kofi", "Africa/Accra")
    await person(hub, "awa", "Africa/Abidjan")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created)
    await rsvp(hub, amina, number, "going", created)
    await rsvp(hub, kofi, number, "not_going", created)
    assert await tick(hub, paris(2026, 5, 13, 14, 0)) == 1
    async with hub.uow() as uow:
        told = await cancel_event(SECRETARIAT, number, paris(2026, 5, 13, 14, 0), uow)
        await uow.commit()
    assert told == 1
    assert [r["status"] for r in await outbox(hub)] == ["cancelled"]
    assert await tick(hub, paris(2026, 5, 19, 14, 0)) == 0
    notices = await outbox(hub, "notification")
    assert [(n["to"], n["template"]) for n in notices] == [("amina", "event-cancelled")]


async def test_none_for_people_who_opted_out(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    await region(hub, "europe")
    amina = await person(hub, "amina", "Europe/Paris")
    kofi = await person(hub, "kofi", "Africa/Accra")
    number = await event(
        hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created, region_code="europe"
    )
    await follows(hub, amina, reg="europe")
    await follows(hub, kofi, kind="webinar")
    assert await tick(hub, paris(2026, 5, 13, 14, 0)) == 2
    # Amina says she will not come: her pending reminder is withdrawn, no more are queued.
    await rsvp(hub, amina, number, "not_going", paris(2026, 5, 14, 9, 0))
    async with hub.uow() as uow:
        assert await unfollow(kofi, Topic(kind="webinar"), uow)
        await uow.commit()
    assert await tick(hub, paris(2026, 5, 19, 14, 0)) == 0
    assert await tick(hub, paris(2026, 5, 20, 13, 0)) == 0
    statuses = {(r["to"], r["status"]) for r in await outbox(hub)}
    assert statuses == {("amina", "cancelled"), ("kofi", "cancelled")}


async def test_the_bureau_is_reminded_of_bureau_meetings(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    ines = await person(hub, "ines", "Europe/Madrid", "es", Role.BUREAU)
    await person(hub, "bureau2", "Africa/Nairobi", role=Role.BUREAU)
    await person(hub, "awa", "Africa/Abidjan")
    number = await event(
        hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created, kind="bureau"
    )
    await rsvp(hub, ines, number, "not_going", created)
    assert await tick(hub, paris(2026, 5, 13, 14, 0)) == 1
    assert [r["to"] for r in await outbox(hub)] == ["bureau2"]


async def test_a_reschedule_moves_every_pending_reminder(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created)
    await rsvp(hub, amina, number, "going", created)
    now = paris(2026, 5, 13, 14, 0)
    assert await tick(hub, now) == 1
    async with hub.uow() as uow:
        await reschedule_event(SECRETARIAT, number, datetime(2026, 5, 27, 16, 0), now, uow)
        await uow.commit()
    assert await tick(hub, now + timedelta(minutes=1)) == 0  # new 7-day instant: 20 May
    assert await tick(hub, paris(2026, 5, 20, 16, 0)) == 1
    rows = await outbox(hub)
    assert [(r["status"], r["due"]) for r in rows] == [
        ("cancelled", now),
        ("pending", paris(2026, 5, 20, 16, 0)),
    ]
    assert rows[1]["params"]["starts_at"] == paris(2026, 5, 27, 16, 0).isoformat()
    assert [n["template"] for n in await outbox(hub, "notification")] == ["event-moved"]


async def test_someone_who_answers_late_is_not_sent_stale_reminders(hub: Hub) -> None:
    created = utc(2026, 5, 1, 9, 0)
    amina = await person(hub, "amina", "Europe/Paris")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=created)
    await rsvp(hub, amina, number, "going", paris(2026, 5, 17, 10, 0))
    assert await tick(hub, paris(2026, 5, 17, 10, 1)) == 0
    assert await tick(hub, paris(2026, 5, 19, 14, 0)) == 1
