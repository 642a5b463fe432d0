"""What happened to each row of a batch, recorded in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.bootstrap import Hub
from core.services import delivery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    id: int


@dataclass(frozen=True)
class Retry:
    id: int
    at: datetime
    note: str | None
    count: bool = True  # False when it was not the message's fault (pacing, 429, shutdown)
    payload: dict[str, Any] | None = None


@dataclass(frozen=True)
class Dead:
    id: int
    reason: str


@dataclass(frozen=True)
class Gone:
    id: int
    channel: str
    recipient: str
    reason: str


@dataclass(frozen=True)
class Moved:
    id: int
    channel: str
    old: str
    new: str
    payload: dict[str, Any] | None = None


Outcome = Sent | Retry | Dead | Gone | Moved


async def record(hub: Hub, outcomes: list[Outcome], now: datetime) -> None:
    """Write every outcome of a batch (sent rows in one statement)."""
    async with hub.uow() as uow:
        await delivery.mark_sent(uow, [o.id for o in outcomes if isinstance(o, Sent)], now)
        for outcome in outcomes:
            if isinstance(outcome, Retry):
                await delivery.reschedule(
                    uow,
                    outcome.id,
                    outcome.at,
                    outcome.note,
                    count_attempt=outcome.count,
                    payload=outcome.payload,
                )
            elif isinstance(outcome, Dead):
                log.error("outbox %s dead-lettered: %s", outcome.id, outcome.reason)
                await delivery.dead_letter(uow, outcome.id, outcome.reason)
            elif isinstance(outcome, Gone):
                log.warning(
                    "%s recipient %s is unreachable (%s): skipping them from now on",
                    outcome.channel,
                    outcome.recipient,
                    outcome.reason,
                )
                await delivery.mark_unreachable(
                    uow, outcome.channel, outcome.recipient, outcome.reason, now
                )
            elif isinstance(outcome, Moved):
                log.info("%s chat %s moved to %s", outcome.channel, outcome.old, outcome.new)
                await delivery.move_chat(uow, outcome.channel, outcome.old, outcome.new)
                await delivery.reschedule(
                    uow,
                    outcome.id,
                    now,
                    f"chat moved from {outcome.old}",
                    count_attempt=False,
                    payload=outcome.payload,
                    recipient=outcome.new,
                )
        await uow.commit()
