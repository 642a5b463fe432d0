"""What the scheduler runs at each tick: core functions that enqueue what is due.

Each entry is (name, function, interval in seconds). A function takes (now, uow), decides
from the database alone what is due at `now`, enqueues it through the outbox with
idempotency keys (so a second scheduler or a replayed tick changes nothing), and returns how
many messages it enqueued. Features append their entry here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from core.persistence.uow import UnitOfWork

DueWork = Callable[[datetime, UnitOfWork], Awaitable[int]]

JOBS: list[tuple[str, DueWork, float]] = []

from core.services.reminders import enqueue_due_reminders  # noqa: E402

JOBS.append(("event-reminders", enqueue_due_reminders, 60))

from core.services.digests import enqueue_due_digests  # noqa: E402

JOBS.append(("newsletter-digests", enqueue_due_digests, 300))

from core.interactions.desk_cards import slack_desk_cards  # noqa: E402

JOBS.append(("slack-desk-cards", slack_desk_cards, 15))

from core.interactions.features.question_cards import slack_question_cards  # noqa: E402

JOBS.append(("slack-question-cards", slack_question_cards, 15))
