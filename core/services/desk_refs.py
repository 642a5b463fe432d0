"""Desk card references: remember where a card went, and have it redrawn when its subject changes.

A card is queued for a desk (ref without `ts`), posted by the delivery worker (which records
the channel id and `ts` Slack answered), and redrawn by whoever registered with `on_change`
(the desk cards, in the interactions layer) each time a service changes the report or the
application, in the same transaction as the change: the redraw is durable like the change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from core.persistence.models import DeskCardRef, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert

REPORT, APPLICATION = "report", "application"


@dataclass(frozen=True)
class CardRef:
    """One card of a subject on one desk; `channel_id` and `ts` once it is posted."""

    subject: str
    subject_id: int
    desk: str
    channel_id: str | None = None
    ts: str | None = None


Redraw = Callable[[UnitOfWork, CardRef, datetime], Awaitable[None]]
Post = Callable[[datetime, UnitOfWork], Awaitable[int]]
_redraws: list[Redraw] = []
_posts: list[Post] = []


def card_ref(subject: str, subject_id: int) -> str:
    """The card's reference as it rides on the outbox message: "report:12"."""
    return f"{subject}:{subject_id}"


def parse_ref(ref: str) -> tuple[str, int] | None:
    subject, _, number = ref.partition(":")
    return (subject, int(number)) if number.isdigit() else None


def on_change(redraw: Redraw) -> Redraw:
    """Register a function that queues the redraw of one card (once per function)."""
    if redraw not in _redraws:
        _redraws.append(redraw)
    return redraw


def on_new(post: Post) -> Post:
    """Register a function that queues the cards not yet on their desks (once per function)."""
    if post not in _posts:
        _posts.append(post)
    return post


async def new_work(uow: UnitOfWork, now: datetime) -> int:
    """Something new waits on a desk: queue its card now, in the same transaction."""
    return sum([await post(now, uow) for post in _posts])


async def remember_queued(uow: UnitOfWork, subject: str, subject_id: int, desk: str) -> None:
    """A new card for this subject is queued for `desk`: forget the previous one's `ts`."""
    values = {"channel_id": None, "ts": None, "updated_at": utcnow()}
    statement = dialect_insert(uow, DeskCardRef).values(
        subject=subject, subject_id=subject_id, desk=desk, **values
    )
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["subject", "subject_id", "desk"], set_=values
        )
    )


async def remember_posted(
    uow: UnitOfWork, subject: str, subject_id: int, desk: str, channel_id: str, ts: str
) -> None:
    """The card was posted: keep where, so that `chat.update` can find it."""
    await uow.session.execute(
        update(DeskCardRef)
        .where(
            DeskCardRef.subject == subject,
            DeskCardRef.subject_id == subject_id,
            DeskCardRef.desk == desk,
        )
        .values(channel_id=channel_id, ts=ts, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _ref(row: DeskCardRef) -> CardRef:
    return CardRef(row.subject, row.subject_id, row.desk, row.channel_id, row.ts)


async def find_ref(uow: UnitOfWork, subject: str, subject_id: int, desk: str) -> CardRef | None:
    """The card of this subject on `desk`, or None if none was ever queued."""
    row = await uow.session.scalar(
        select(DeskCardRef).where(
            DeskCardRef.subject == subject,
            DeskCardRef.subject_id == subject_id,
            DeskCardRef.desk == desk,
        )
    )
    return None if row is None else _ref(row)


async def changed(uow: UnitOfWork, subject: str, subject_id: int, now: datetime) -> int:
    """The subject changed: queue a redraw of each of its cards; return how many cards."""
    rows = (
        await uow.session.scalars(
            select(DeskCardRef)
            .where(DeskCardRef.subject == subject, DeskCardRef.subject_id == subject_id)
            .order_by(DeskCardRef.id)
        )
    ).all()
    for row in rows:
        for redraw in _redraws:
            await redraw(uow, _ref(row), now)
    return len(rows)
