"""The shipped demo dataset (facts from the Initiative's documents); loading is idempotent."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.domain.kinds import DEFAULT_REMINDER_OFFSETS_MINUTES
from core.domain.people import Channel, Role
from core.persistence.models import (
    AgroClimaticZone,
    Event,
    Identity,
    NewsletterItem,
    Partner,
    Person,
    Practice,
    Region,
    RoleGrant,
    StrategicObjective,
    utcnow,
)
from core.persistence.uow import UnitOfWork

DATA = Path(__file__).parent / "demo"


class HasUow(Protocol):
    def uow(self) -> UnitOfWork: ...


def read(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


async def load_demo(hub: HasUow) -> dict[str, int]:
    """Insert what is missing from the demo dataset; return how many rows each kind gained."""
    async with hub.uow() as uow:
        counts = {
            "regions": await _codes(uow, Region, read("regions")),
            "zones": await _codes(uow, AgroClimaticZone, read("zones")),
            "objectives": await _codes(uow, StrategicObjective, read("objectives")),
        }
        await uow.session.flush()
        counts["partners"] = await _partners(uow, read("partners"))
        counts["practices"] = await _practices(uow, read("practices"))
        counts["events"] = await _events(uow, read("events"))
        counts["newsletter items"] = await _items(uow, read("newsletter"))
        counts["people"] = await _people(uow, read("people"))
        await uow.commit()
    return counts


async def _codes(uow: UnitOfWork, model: Any, rows: list[dict[str, Any]]) -> int:
    existing = set((await uow.session.scalars(select(model.code))).all())
    new = [row for row in rows if row["code"] not in existing]
    uow.session.add_all(model(**row) for row in new)
    return len(new)


async def _partners(uow: UnitOfWork, rows: list[dict[str, Any]]) -> int:
    existing = set((await uow.session.scalars(select(Partner.name))).all())
    objectives = {o.code: o for o in (await uow.session.scalars(select(StrategicObjective))).all()}
    added = 0
    for row in rows:
        if row["name"] in existing:
            continue
        uow.session.add(
            Partner(
                name=row["name"],
                acronym=row.get("acronym"),
                category=row["category"],
                college=row.get("college"),
                is_member=row.get("is_member", False),
                country=row.get("country"),
                region_code=row.get("region"),
                latitude=row.get("lat"),
                longitude=row.get("lon"),
                website=row.get("website"),
                card=row.get("card", {}),
                objectives=[objectives[code] for code in row.get("objectives", [])],
            )
        )
        added += 1
    return added


async def _practices(uow: UnitOfWork, rows: list[dict[str, Any]]) -> int:
    existing = set((await uow.session.scalars(select(Practice.slug))).all())
    fields = ("slug", "category", "names", "synonyms", "description", "tutorials", "basis")
    new = [row for row in rows if row["slug"] not in existing]
    for row in new:
        uow.session.add(
            Practice(
                **{name: row[name] for name in fields if name in row},
                results=row.get("results", {}),
                zones=row.get("zones", []),
                regions=row.get("regions", []),
                status="published",
            )
        )
    return len(new)


async def _events(uow: UnitOfWork, data: dict[str, list[dict[str, Any]]]) -> int:
    by_key = {e.key: e for e in (await uow.session.scalars(select(Event))).all()}
    added = 0
    for row in data["past"]:
        if row["key"] not in by_key:
            zone = ZoneInfo(row["timezone"])
            start = datetime.fromisoformat(row["start"]).replace(tzinfo=zone)
            end = datetime.fromisoformat(row["end"]).replace(tzinfo=zone)
            uow.session.add(_event(row, start, end))
            added += 1
    now = utcnow()
    for row in data["examples"]:
        zone = ZoneInfo(row["timezone"])
        day = (now.astimezone(zone) + timedelta(days=row["days_from_now"])).date()
        start = datetime.combine(day, datetime.strptime(row["local_time"], "%H:%M").time(), zone)
        end = start + timedelta(minutes=row["duration_minutes"])
        event = by_key.get(row["key"])
        if event is None:
            uow.session.add(_event(row, start, end, is_example=True))
            added += 1
        elif event.is_example and event.ends_at < now:
            # An example that has passed moves ahead, so the demo always has a future.
            event.starts_at, event.ends_at = start, end
    return added


def _event(
    row: dict[str, Any], start: datetime, end: datetime, *, is_example: bool = False
) -> Event:
    return Event(
        key=row["key"],
        kind=row["kind"],
        title=row["title"],
        description=row.get("description", {}),
        starts_at=start,
        ends_at=end,
        timezone=row["timezone"],
        place=row.get("place"),
        online_url=row.get("online_url"),
        is_online=row.get("online", False),
        region_code=row.get("region"),
        status="scheduled",
        reminder_offsets=list(DEFAULT_REMINDER_OFFSETS_MINUTES),
        is_example=is_example,
    )


async def _items(uow: UnitOfWork, rows: list[dict[str, Any]]) -> int:
    existing = set((await uow.session.scalars(select(NewsletterItem.key))).all())
    now = utcnow()
    new = [row for row in rows if row["key"] not in existing]
    for row in new:
        uow.session.add(
            NewsletterItem(
                key=row["key"],
                rubric=row["rubric"],
                title=row["title"],
                body=row["body"],
                region_code=row.get("region"),
                status="published",
                published_at=now - timedelta(days=row.get("published_days_ago", 0)),
            )
        )
    return len(new)


async def _people(uow: UnitOfWork, rows: list[dict[str, Any]]) -> int:
    existing = set((await uow.session.scalars(select(Person.name))).all())
    new = [row for row in rows if row["name"] not in existing]
    for row in new:
        person = Person(
            name=row["name"],
            display_name=row.get("display_name", row["name"]),
            language=row.get("language"),
            timezone=row.get("timezone"),
        )
        person.identities = [Identity(channel=Channel.CONSOLE, external_id=row["name"])]
        if row["role"] != Role.FRIEND:
            person.roles = [
                RoleGrant(role=row["role"], region_code=row.get("region"), granted_by="demo")
            ]
        uow.session.add(person)
    return len(new)
