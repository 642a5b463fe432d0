"""Past digests: a subscriber's archive, and delivery figures per period for the Secretariat."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select

from core.domain.delivery import OutboxStatus
from core.domain.errors import N_, NotFound
from core.domain.kinds import Frequency
from core.persistence.models import Digest, NewsletterItem, OutboxMessage, Subscription
from core.persistence.uow import UnitOfWork
from core.services.digest_content import sections, to_item_row
from core.services.newsletter_views import DigestEntry, digest_entry


async def past_digests(person_id: int, uow: UnitOfWork, limit: int = 10) -> list[DigestEntry]:
    """The person's latest digests, newest first."""
    query = (
        select(Digest)
        .join(Subscription, Subscription.id == Digest.subscription_id)
        .where(Subscription.person_id == person_id)
        .order_by(Digest.created_at.desc(), Digest.id.desc())
        .limit(limit)
    )
    return [digest_entry(row) for row in await uow.session.scalars(query)]


async def archived_digest(person_id: int, digest_id: int, uow: UnitOfWork) -> dict[str, Any]:
    """One of the person's past digests, as digest parameters (items as they read now)."""
    found = await uow.session.execute(
        select(Digest, Subscription.frequency)
        .join(Subscription, Subscription.id == Digest.subscription_id)
        .where(Digest.id == digest_id, Subscription.person_id == person_id)
    )
    row = found.first()
    if row is None:
        raise NotFound(N_("There is no such digest in your archive."))
    digest, frequency = row
    items = (
        await uow.session.scalars(
            select(NewsletterItem).where(
                NewsletterItem.id.in_(digest.item_ids), NewsletterItem.published_at.is_not(None)
            )
        )
    ).all()
    return {
        "language": digest.language,
        "frequency": Frequency(frequency).value,
        "period": digest.period,
        "sections": sections([to_item_row(item) for item in items], digest.language),
        "events": [],
    }


UNREACHABLE = "unreachable"
# How the delivery engine marks the rows of a recipient who blocked us or left.
UNREACHABLE_NOTE = "recipient unreachable"


@dataclass
class PeriodFigures:
    """How one period's digests fared: composed, and by outbox status."""

    period: str
    digests: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return self.by_status.get(OutboxStatus.SENT, 0)

    @property
    def failed(self) -> int:
        return self.by_status.get(OutboxStatus.DEAD, 0)

    @property
    def waiting(self) -> int:
        return self.by_status.get(OutboxStatus.PENDING, 0) + self.by_status.get(
            OutboxStatus.SENDING, 0
        )

    @property
    def cancelled(self) -> int:
        return self.by_status.get(OutboxStatus.CANCELLED, 0)

    @property
    def unreachable(self) -> int:
        """No reachable channel when composed, or the recipient blocked us / left since."""
        return self.by_status.get(UNREACHABLE, 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "digests": self.digests,
            "sent": self.sent,
            "waiting": self.waiting,
            "failed": self.failed,
            "unreachable": self.unreachable,
            "cancelled": self.cancelled,
        }


async def delivery_figures(
    uow: UnitOfWork, *, period: str | None = None, limit: int = 12
) -> list[PeriodFigures]:
    """Per period (newest first): digests composed and what became of their outbox rows."""
    status = case(
        (OutboxMessage.id.is_(None), UNREACHABLE),
        (OutboxMessage.last_error.like(f"{UNREACHABLE_NOTE}%"), UNREACHABLE),
        else_=OutboxMessage.status,
    )
    query = (
        select(Digest.period, status, func.count())
        .outerjoin(OutboxMessage, OutboxMessage.idempotency_key == Digest.outbox_key)
        .group_by(Digest.period, status)
    )
    if period:
        query = query.where(Digest.period == period)
    figures: dict[str, PeriodFigures] = {}
    for name, state, count in (await uow.session.execute(query)).all():
        entry = figures.setdefault(name, PeriodFigures(name))
        entry.digests += count
        entry.by_status[state] = entry.by_status.get(state, 0) + count
    return sorted(figures.values(), key=lambda f: f.period, reverse=True)[:limit]
