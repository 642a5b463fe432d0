"""How the reminder tick scales with followers (SQLite, in a scratch directory).

    .venv/bin/python bench/event_reminders.py

Figures are ratios against a reference measured in the same run: one tick that queues the
reminders of 10 followers. Reported: a tick queueing for 1000 followers, the same tick
replayed (nothing new to queue), and a quiet tick (nothing due) with 1000 followers.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.bootstrap import bootstrap
from core.config import Settings
from core.domain.actor import Actor
from core.domain.people import Channel, Role
from core.persistence import migrate
from core.persistence.models import EventFollow, Identity, Person
from core.services.events import EventInput, create_event
from core.services.reminders import enqueue_due_reminders

OPERATOR = Actor(0, "bench", "bench", "en", "UTC", Channel.CONSOLE, frozenset({Role.ADMIN}))
NOW = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
START = datetime(2030, 5, 20, 12, 0)  # UTC wall clock
DUE = datetime(2030, 5, 13, 12, 0, tzinfo=UTC)  # the 7-day reminder


async def scenario(folder: Path, followers: int) -> tuple[float, float, float]:
    url = f"sqlite:///{folder / f'bench-{followers}.sqlite3'}"
    await asyncio.to_thread(migrate.upgrade, url)  # Alembic runs its own event loop
    hub = bootstrap(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    try:
        async with hub.uow() as uow:
            for n in range(followers):
                person = Person(name=f"p{n}", timezone="Europe/Paris")
                person.identities = [Identity(channel="console", external_id=f"p{n}")]
                uow.session.add(person)
            await uow.session.flush()
            ids = (
                await uow.session.scalars(Person.__table__.select().with_only_columns(Person.id))
            ).all()
            uow.session.add_all(EventFollow(person_id=i, kind="webinar") for i in ids)
            await create_event(OPERATOR, EventInput("webinar", {"en": "x"}, START, "UTC"), NOW, uow)
            await uow.commit()
        timings = []
        for moment in (DUE, DUE, DUE - timedelta(days=1)):
            began = time.perf_counter()
            async with hub.uow() as uow:
                await enqueue_due_reminders(moment, uow)
            timings.append(time.perf_counter() - began)
        return timings[0], timings[1], timings[2]
    finally:
        await hub.close()


async def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        reference, _, _ = await scenario(folder, 10)
        queue, replay, quiet = await scenario(folder, 1000)
    print(f"reference: a tick queueing 10 reminders = 1.00 ({reference * 1000:.1f} ms)")
    print(f"a tick queueing 1000 reminders          = {queue / reference:.1f}x")
    print(f"the same tick replayed (nothing new)    = {replay / reference:.1f}x")
    print(f"a tick with nothing due, 1000 followers = {quiet / reference:.1f}x")


if __name__ == "__main__":
    asyncio.run(main())
