"""`4p1000` with one extra scheduler job, for the two-schedulers test.

The job is deliberately *not* idempotent across processes (its keys carry the process id):
if two schedulers ever acted, the outbox would hold each item twice.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select

from core.persistence.models import Person
from core.persistence.uow import UnitOfWork
from core.services.outbox import enqueue
from scheduler.jobs import JOBS


async def everyone_is_due(now: datetime, uow: UnitOfWork) -> int:
    """Enqueue one item per person, keyed by this process."""
    count = 0
    for person_id in (await uow.session.scalars(select(Person.id))).all():
        count += await enqueue(
            uow,
            key=f"due:{person_id}:{os.getpid()}",
            kind="reminder",
            person_id=person_id,
            template="text",
            params={"text": "due"},
        )
    return count


if __name__ == "__main__":
    JOBS.append(("everyone_is_due", everyone_is_due, 0.0))
    from bots.cli.main import run

    sys.argv = ["4p1000", *sys.argv[1:]]
    run()
