"""Rules of events: valid schedules, local times across DST, and when each reminder is due.

Reminder policy (stated once, applied everywhere):
- Offsets are minutes before the start (default 7 days, 1 day, 1 hour), 5 minutes to 30 days.
- Quiet hours are after 21:00 and before 08:00 in the *recipient's* zone. A reminder whose
  instant falls there is moved earlier, to 21:00 the evening before, so it never gives less
  notice than promised; reminders at most 3 hours before the start (the event is imminent)
  are never moved.
- Catch-up after downtime: a reminder not sent at its instant is still sent until the next
  reminder of the same event becomes due (for the last one: until the event starts), then it
  is skipped in favour of that next one. A late reminder waits for the morning if it is night
  for the recipient, unless the event is imminent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.domain.errors import N_, InvalidInput
from core.domain.kinds import DEFAULT_REMINDER_OFFSETS_MINUTES, EventKind
from core.domain.people import Role, has_any

CAN_MANAGE_EVENTS = frozenset({Role.SECRETARIAT, Role.ADMIN})
# Internal meetings (and their join links) are for their members, and for the organisers.
INTERNAL_EVENTS = {EventKind.BUREAU: Role.BUREAU, EventKind.STC: Role.STC}


def may_see_event(kind: str, roles: frozenset[Role]) -> bool:
    """Whether someone with `roles` may see an event of this kind."""
    member = INTERNAL_EVENTS.get(EventKind(kind)) if kind in set(EventKind) else None
    return member is None or has_any(roles, CAN_MANAGE_EVENTS | {member})


def hidden_event_kinds(roles: frozenset[Role]) -> list[str]:
    """The kinds of internal events that someone with `roles` does not see."""
    return [kind.value for kind in INTERNAL_EVENTS if not may_see_event(kind, roles)]


QUIET_START = time(21, 0)
QUIET_END = time(8, 0)
IMMINENT = timedelta(hours=3)
LATE_AFTER = timedelta(minutes=10)  # a tick this late is still "on time"
MIN_OFFSET, MAX_OFFSET = 5, 30 * 24 * 60
MAX_DURATION = timedelta(days=31)
DEFAULT_DURATION = timedelta(hours=2)
_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def parse_local(text: str) -> datetime:
    """`2025-03-01 14:00` -> a naive local datetime, or a clear InvalidInput."""
    cleaned = text.strip()
    for pattern in _FORMATS:
        try:
            return datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
    raise InvalidInput(
        N_("Cannot read the date {text}: write it as YYYY-MM-DD HH:MM, e.g. 2025-03-01 14:30."),
        text=cleaned[:40],
    )


def local_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone` as a UTC instant; a time skipped by a clock change is refused.

    An ambiguous time (the hour repeated when clocks go back) is read as the first of the two.
    """
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    aware = local.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local:
        raise InvalidInput(
            N_("{time} does not exist in {zone}: the clocks change that night."),
            time=local.strftime("%Y-%m-%d %H:%M"),
            zone=zone.key,
        )
    return instant


def check_schedule(
    starts_at: datetime, ends_at: datetime, now: datetime, *, allow_past: bool = False
) -> None:
    """Refuse a start in the past, an end not after the start, or an absurd duration."""
    if not allow_past and starts_at <= now:
        raise InvalidInput(N_("The start of the event is in the past."))
    if ends_at <= starts_at:
        raise InvalidInput(N_("The end of the event must be after its start."))
    if ends_at - starts_at > MAX_DURATION:
        raise InvalidInput(N_("An event may last 31 days at most."))


def check_offsets(offsets: list[int] | tuple[int, ...] | None) -> list[int]:
    """Reminder offsets in minutes, distinct and largest first (None: the defaults)."""
    if offsets is None:
        return list(DEFAULT_REMINDER_OFFSETS_MINUTES)
    for offset in offsets:
        if not isinstance(offset, int) or not MIN_OFFSET <= offset <= MAX_OFFSET:
            raise InvalidInput(
                N_("A reminder must be between 5 minutes and 30 days before the event, not {x}."),
                x=str(offset)[:20],
            )
    return sorted(set(offsets), reverse=True)


def parse_offsets(text: str) -> list[int]:
    """`7d,1d,1h,30m` (or plain minutes) -> minutes; empty text: no reminders."""
    units = {"d": 24 * 60, "h": 60, "m": 1}
    minutes = []
    for part in filter(None, (p.strip().lower() for p in text.replace(";", ",").split(","))):
        number, unit = (part[:-1], part[-1]) if part[-1] in units else (part, "m")
        if not number.isdigit():
            raise InvalidInput(
                N_("Cannot read the reminder {x}: write for example 7d, 1d, 1h or 30m."),
                x=part[:20],
            )
        minutes.append(int(number) * units[unit])
    return check_offsets(minutes)


def is_quiet(moment: datetime, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone).time()
    return local > QUIET_START or local < QUIET_END


@dataclass(frozen=True)
class PlannedReminder:
    offset: int  # minutes before the start, as configured
    due: datetime  # when it should go out (after the quiet-hours rule)
    deadline: datetime  # after this instant it is skipped (the next one is due)


def _evening_before(moment: datetime, zone: ZoneInfo) -> datetime:
    local = moment.astimezone(zone)
    day: date = local.date() if local.time() > QUIET_START else local.date() - timedelta(days=1)
    return datetime.combine(day, QUIET_START, zone).astimezone(UTC)


def due_instant(starts_at: datetime, offset: int, zone: ZoneInfo) -> datetime:
    """When the `offset`-minute reminder goes out for a reader in `zone`."""
    nominal = (starts_at - timedelta(minutes=offset)).astimezone(UTC)
    if timedelta(minutes=offset) <= IMMINENT or not is_quiet(nominal, zone):
        return nominal
    return _evening_before(nominal, zone)


def plan(starts_at: datetime, offsets: list[int], zone: ZoneInfo) -> list[PlannedReminder]:
    """Every reminder of an event for one reader, earliest first, each with its deadline."""
    dues = sorted(((due_instant(starts_at, o, zone), o) for o in set(offsets)), reverse=False)
    planned = []
    for index, (due, offset) in enumerate(dues):
        deadline = dues[index + 1][0] if index + 1 < len(dues) else starts_at
        planned.append(PlannedReminder(offset, due, deadline))
    return planned


def is_sendable(reminder: PlannedReminder, now: datetime, zone: ZoneInfo) -> bool:
    """True when the reminder should be enqueued at `now` (due, not superseded, not at night)."""
    if not reminder.due <= now < reminder.deadline:
        return False
    late = now - reminder.due > LATE_AFTER
    imminent = timedelta(minutes=reminder.offset) <= IMMINENT
    return not (late and not imminent and is_quiet(now, zone))
