"""Calendar files (iCalendar, RFC 5545): one event with its alarms, or a personal calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import icalendar
from sqlalchemy import select

from core.domain.events import may_see_event
from core.domain.kinds import EventKind, EventStatus, RsvpAnswer
from core.domain.people import Role
from core.i18n import gettext, pick_language
from core.persistence.models import Event, Person, Rsvp
from core.persistence.uow import UnitOfWork
from core.services.event_views import AnyEvent, EventView, event_view
from core.services.follows import follows_of

PRODID = "-//4 per 1000 Initiative//Hub//EN"
ALARM_LIMIT = 24 * 60  # calendar alarms for the event's reminders up to one day ahead
MAX_EVENTS = 200


def _calendar(language: str, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _component(event: AnyEvent, language: str, now: datetime) -> icalendar.Event:
    title, _ = pick_language(event.title, language)
    description, _ = pick_language(event.description, language)
    links = [url for url in (event.online_url, event.agenda_url) if url]
    item = icalendar.Event()
    item.add("uid", f"event-{event.id}@hub.4p1000.org")
    item.add("dtstamp", now)
    item.add("sequence", int(event.updated_at.timestamp()) if event.updated_at else 0)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", title)
    item.add("description", "\n\n".join(filter(None, [description, *links])))
    if event.place or event.online_url:
        item.add("location", event.place or event.online_url)
    if event.online_url:
        item.add("url", event.online_url)
    status = "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
    item.add("status", "TENTATIVE" if event.status == EventStatus.DRAFT else status)
    offsets = [o for o in event.reminder_offsets if o <= ALARM_LIMIT] or [60]
    for offset in sorted(set(offsets), reverse=True):
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", gettext(language, "Reminder: {title}", title=title))
        alarm.add("trigger", timedelta(minutes=-offset))
        item.add_component(alarm)
    return item


def event_ics(event: AnyEvent, language: str, now: datetime) -> bytes:
    """The .ics of one event (times in UTC, so every calendar shows them in its own zone)."""
    title, _ = pick_language(event.title, language)
    calendar = _calendar(language, title)
    calendar.add_component(_component(event, language, now))
    return bytes(calendar.to_ical())


def calendar_ics(events: Iterable[AnyEvent], language: str, now: datetime) -> bytes:
    calendar = _calendar(language, gettext(language, "My 4 per 1000 events"))
    for event in events:
        calendar.add_component(_component(event, language, now))
    return bytes(calendar.to_ical())


async def my_events(person_id: int, now: datetime, uow: UnitOfWork) -> list[EventView]:
    """Upcoming events a person said yes or maybe to, follows, or (Bureau) must attend."""
    answers = dict(
        (
            await uow.session.execute(
                select(Rsvp.event_id, Rsvp.answer).where(Rsvp.person_id == person_id)
            )
        ).all()
    )
    topics = await follows_of(person_id, uow)
    person = await uow.session.get_one(Person, person_id)
    roles = frozenset(Role(grant.role) for grant in person.roles)
    bureau = Role.BUREAU in roles
    upcoming = (
        await uow.session.scalars(
            select(Event)
            .where(Event.status == EventStatus.SCHEDULED, Event.ends_at > now)
            .order_by(Event.starts_at, Event.id)
        )
    ).all()
    chosen = []
    for event in upcoming:
        answer = answers.get(event.id)
        if answer == RsvpAnswer.NOT_GOING:
            continue
        followed = any(
            topic.kind in (None, event.kind) and topic.region_code in (None, event.region_code)
            for topic in topics
        )
        if not may_see_event(event.kind, roles):
            continue
        if answer is not None or followed or (bureau and event.kind == EventKind.BUREAU):
            chosen.append(event)
    return [event_view(event) for event in chosen[:MAX_EVENTS]]
